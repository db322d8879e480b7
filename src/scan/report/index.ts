/**
 * `bastion scan`: what every MCP server on this machine exposes and which ones are dangerous,
 * as a terminal report, JSON (docs/scan-json.md) or SARIF 2.1.0.
 */
export { exitCodeFor, renderScan, scanCommand, type ScanCommandOptions, type ScanFormat } from "./command.js";
export { runScan, type ScanRunOptions } from "./scan.js";
export { scanToSarif } from "./sarif.js";
export { sarifProblems } from "./sarif-check.js";
export { PINS_FILE, readPins, type RugPull } from "./pins.js";
export type {
  ClientReport,
  ReportFinding,
  ReportItem,
  ScanReport,
  ServerReport,
  ShadowingFinding,
  Verdict,
} from "./model.js";
