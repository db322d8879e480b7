import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSarif } from "./sarif.js";

test("a SARIF log lists its rules and gives every result a valid rule index", () => {
  const log = buildSarif({
    toolName: "scanner",
    toolVersion: "1.2.3",
    rules: [{ id: "a", description: "Rule A", defaultLevel: "error" }],
    findings: [
      {
        ruleId: "a",
        level: "error",
        message: "found a",
        artifact: "dir/my file.json",
        logicalLocation: "tools/x",
      },
      { ruleId: "b", level: "note", message: "found b", artifact: "file:///tmp/x.json" },
    ],
  });
  assert.equal(log.version, "2.1.0");
  const run = log.runs[0] as {
    tool: { driver: Record<string, unknown> };
    results: Array<Record<string, unknown>>;
  };
  const driver = run.tool.driver as {
    name: string;
    version: string;
    rules: Array<{ id: string; shortDescription: { text: string } }>;
  };
  assert.deepEqual([driver.name, driver.version], ["scanner", "1.2.3"]);
  assert.deepEqual(
    driver.rules.map((r) => [r.id, r.shortDescription.text]),
    [
      ["a", "Rule A"],
      ["b", "b"],
    ],
  );
  assert.deepEqual(
    run.results.map((r) => [r.ruleId, r.ruleIndex]),
    [
      ["a", 0],
      ["b", 1],
    ],
  );
  const uri = (r: Record<string, unknown>) =>
    (r.locations as Array<{ physicalLocation: { artifactLocation: { uri: string } } }>)[0]?.physicalLocation
      .artifactLocation.uri;
  assert.equal(uri(run.results[0] ?? {}), "dir/my%20file.json");
  assert.equal(uri(run.results[1] ?? {}), "file:///tmp/x.json");
});
