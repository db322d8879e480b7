/**
 * Where a server's package comes from and whether it is current: `bastion outdated`, pinning
 * checks and trust tiers. Only the npm registry is contacted, through the user's own npm.
 */
export {
  outdatedCommand,
  type OutdatedEntry,
  type OutdatedOptions,
  type OutdatedServer,
} from "./outdated.js";
export {
  packageSpecOf,
  splitNpmSpec,
  type Ecosystem,
  type LaunchCommand,
  type PackageSpec,
} from "./package-spec.js";
export {
  integritiesMatch,
  verifyPinnedPackage,
  type PinnedPackage,
  type PinVerification,
} from "./pinning.js";
export {
  configuredRegistry,
  fetchAdvisories,
  npmPack,
  npmView,
  RegistryError,
  runNpm,
  type Advisory,
  type AdvisoryLookup,
  type NpmRunner,
} from "./registry.js";
export { trustTierOf, type TieredServer, type TrustPolicy, type TrustTier } from "./trust.js";
