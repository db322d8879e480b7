/**
 * A structural check of a SARIF 2.1.0 log against the properties the OASIS specification makes
 * required or constrains (§3.13 sarifLog, §3.14 run, §3.18 tool, §3.19 toolComponent, §3.27
 * result, §3.28 location, §3.29 physicalLocation, §3.4 artifactLocation, §3.30 region, §3.49
 * reportingDescriptor, §3.20 invocation). Returns one sentence per violation; an empty list means
 * the log is well formed. Used by the tests and available to callers that accept SARIF input.
 */

type Json = Record<string, unknown>;

const LEVELS = new Set(["none", "note", "warning", "error"]);
const KINDS = new Set(["notApplicable", "pass", "fail", "review", "open", "informational"]);

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isUri(v: unknown): boolean {
  if (typeof v !== "string" || v === "") return false;
  try {
    new URL(v, "file:///");
    return true;
  } catch {
    return false;
  }
}

function checkMessage(message: unknown, where: string, problems: string[]): void {
  if (!isObject(message)) problems.push(`${where}.message is required and must be an object`);
  else if (typeof message.text !== "string" && typeof message.id !== "string")
    problems.push(`${where}.message needs "text" or "id"`);
}

function checkLocation(location: unknown, where: string, problems: string[]): void {
  if (!isObject(location)) {
    problems.push(`${where} must be an object`);
    return;
  }
  const physical = location.physicalLocation;
  if (physical !== undefined) {
    if (!isObject(physical)) problems.push(`${where}.physicalLocation must be an object`);
    else {
      const artifact = physical.artifactLocation;
      if (artifact === undefined && physical.address === undefined)
        problems.push(`${where}.physicalLocation needs artifactLocation or address`);
      if (
        artifact !== undefined &&
        (!isObject(artifact) || (artifact.uri !== undefined && !isUri(artifact.uri)))
      ) {
        problems.push(`${where}.physicalLocation.artifactLocation.uri must be a URI`);
      }
      const region = physical.region;
      if (region !== undefined) {
        if (!isObject(region)) problems.push(`${where}.physicalLocation.region must be an object`);
        else {
          for (const key of ["startLine", "startColumn", "endLine", "endColumn"]) {
            const n = region[key];
            if (n !== undefined && (!Number.isInteger(n) || (n as number) < 1))
              problems.push(`${where}.physicalLocation.region.${key} must be an integer >= 1`);
          }
          if (
            region.startLine === undefined &&
            region.charOffset === undefined &&
            region.byteOffset === undefined
          ) {
            problems.push(`${where}.physicalLocation.region needs startLine, charOffset or byteOffset`);
          }
        }
      }
    }
  }
  const logical = location.logicalLocations;
  if (logical !== undefined && (!Array.isArray(logical) || !logical.every(isObject)))
    problems.push(`${where}.logicalLocations must be an array of objects`);
}

/**
 * Lists every way `log` departs from the SARIF 2.1.0 structure.
 *
 * @example
 * sarifProblems({ version: "2.1.0", runs: [] }); // []
 */
export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(log)) return ["The log must be a JSON object"];
  if (log.version !== "2.1.0") problems.push(`version must be "2.1.0", got ${JSON.stringify(log.version)}`);
  if (log.$schema !== undefined && !isUri(log.$schema)) problems.push("$schema must be a URI");
  if (!Array.isArray(log.runs)) return [...problems, "runs is required and must be an array"];
  log.runs.forEach((run: unknown, r) => {
    const at = `runs[${r}]`;
    if (!isObject(run)) {
      problems.push(`${at} must be an object`);
      return;
    }
    const driver = isObject(run.tool) ? run.tool.driver : undefined;
    if (!isObject(run.tool)) problems.push(`${at}.tool is required`);
    else if (!isObject(driver)) problems.push(`${at}.tool.driver is required`);
    else if (typeof driver.name !== "string" || driver.name === "")
      problems.push(`${at}.tool.driver.name is required`);
    const rules = isObject(driver) && Array.isArray(driver.rules) ? (driver.rules as unknown[]) : [];
    if (isObject(driver) && driver.rules !== undefined && !Array.isArray(driver.rules))
      problems.push(`${at}.tool.driver.rules must be an array`);
    const ids = new Set<string>();
    rules.forEach((rule, i) => {
      if (!isObject(rule) || typeof rule.id !== "string") {
        problems.push(`${at}.tool.driver.rules[${i}].id is required`);
        return;
      }
      if (ids.has(rule.id)) problems.push(`${at}.tool.driver.rules[${i}].id ${rule.id} is not unique`);
      ids.add(rule.id);
      for (const text of ["shortDescription", "fullDescription"]) {
        const d = rule[text];
        if (d !== undefined && (!isObject(d) || typeof d.text !== "string"))
          problems.push(`${at}.tool.driver.rules[${i}].${text}.text is required`);
      }
      const level = isObject(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
      if (level !== undefined && !LEVELS.has(level as string))
        problems.push(`${at}.tool.driver.rules[${i}].defaultConfiguration.level is invalid`);
    });
    if (run.invocations !== undefined) {
      if (!Array.isArray(run.invocations)) problems.push(`${at}.invocations must be an array`);
      else
        run.invocations.forEach((inv: unknown, i) => {
          if (!isObject(inv) || typeof inv.executionSuccessful !== "boolean")
            problems.push(`${at}.invocations[${i}].executionSuccessful is required`);
        });
    }
    if (run.results === undefined) return;
    if (!Array.isArray(run.results)) {
      problems.push(`${at}.results must be an array`);
      return;
    }
    run.results.forEach((result: unknown, i) => {
      const where = `${at}.results[${i}]`;
      if (!isObject(result)) {
        problems.push(`${where} must be an object`);
        return;
      }
      checkMessage(result.message, where, problems);
      if (result.ruleId !== undefined && typeof result.ruleId !== "string")
        problems.push(`${where}.ruleId must be a string`);
      if (result.ruleIndex !== undefined) {
        const index = result.ruleIndex;
        if (!Number.isInteger(index) || (index as number) < -1)
          problems.push(`${where}.ruleIndex must be an integer >= -1`);
        else if ((index as number) >= 0) {
          const rule = rules[index as number];
          if (!isObject(rule)) problems.push(`${where}.ruleIndex ${String(index)} points past the rules`);
          else if (result.ruleId !== undefined && rule.id !== result.ruleId)
            problems.push(`${where}.ruleIndex points at ${String(rule.id)}, not ${String(result.ruleId)}`);
        }
      }
      if (result.ruleId === undefined && result.rule === undefined && result.ruleIndex === undefined)
        problems.push(`${where} must name its rule`);
      if (result.level !== undefined && !LEVELS.has(result.level as string))
        problems.push(`${where}.level ${String(result.level)} is invalid`);
      if (result.kind !== undefined && !KINDS.has(result.kind as string))
        problems.push(`${where}.kind ${String(result.kind)} is invalid`);
      if (result.locations !== undefined) {
        if (!Array.isArray(result.locations)) problems.push(`${where}.locations must be an array`);
        else
          result.locations.forEach((loc: unknown, j) =>
            checkLocation(loc, `${where}.locations[${j}]`, problems),
          );
      }
      if (result.partialFingerprints !== undefined) {
        if (
          !isObject(result.partialFingerprints) ||
          !Object.values(result.partialFingerprints).every((v) => typeof v === "string")
        ) {
          problems.push(`${where}.partialFingerprints must map strings to strings`);
        }
      }
    });
  });
  return problems;
}
