/**
 * `bastion inspect`: reads a server package's code before it runs, with a real JavaScript parser,
 * and rates it `low`, `medium` or `high` risk with the evidence as `file:line`.
 */
export { inspectCommand, inspectPackage, type InspectOptions } from "./command.js";
export { InspectTargetError } from "./source.js";
export { checkBeforeStart, type StartCheck, type StartCheckOptions } from "./start-check.js";
export { readTar, readTarGz, TarError, type TarEntry } from "./tar.js";
export { typosquatTarget } from "./typosquat.js";
export type {
  FoundEndpoint,
  InspectFinding,
  InspectReport,
  InspectRule,
  RiskLevel,
  Severity,
} from "./types.js";
