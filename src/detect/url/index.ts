/**
 * URL host normalisation and egress checks: the real host of a URL, the kind of address it
 * points to, and whether host allow/deny lists let it through. Pure: no DNS, no I/O.
 */
export {
  checkEgress,
  hostAllowed,
  compileHostRules,
  normalizeHost,
  HostRuleError,
  type HostRules,
  type CompiledHostRules,
  type EgressDecision,
  type EgressReason,
} from "./egress.js";
export {
  classifyAddress,
  classifyHost,
  embeddedIPv4,
  parseIp,
  parseIPv4,
  parseIPv6,
  inCidr,
  type AddressCategory,
  type IpAddress,
} from "./address.js";
export { findUrls } from "./find.js";
