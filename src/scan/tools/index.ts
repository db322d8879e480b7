/** `bastion scan tools`: poisoning scan of a saved tools/list result. */
export {
  scanToolsCommand,
  EXIT_BAD_INPUT,
  EXIT_FINDINGS,
  type ScanToolsOptions,
  type ScanToolsOutput,
} from "./command.js";
export { toJson, toSarif, toTable, type ScanJson } from "./format.js";
