/**
 * Inspection of MCP traffic: walks a request's arguments or a result's content and applies an
 * inspection plan (secrets, personal data, injected instructions, hidden characters, size cap).
 */
export { inspectResult, inspectArguments, type Inspection } from "./inspect.js";
export {
  inspectionPlan,
  InspectionConfigError,
  type InspectionPlan,
  type InspectConfig,
  type DataAction,
  type InjectionAction,
} from "./plan.js";
export { type Finding, type FindingCategory, maskValue, redactSpans } from "./finding.js";
export { contentBytes, truncateResult } from "./truncate.js";
export { MessageTooDeepError } from "./walk.js";
