import assert from "node:assert/strict";
import { test } from "node:test";
import { sarifProblems } from "./sarif-check.js";

test("the SARIF check accepts a minimal log and names each violation of a broken one", () => {
  assert.deepEqual(
    sarifProblems({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [] }] }),
    [],
  );
  const problems = sarifProblems({
    version: "2.0.0",
    runs: [
      {
        tool: { driver: { rules: [{ id: "a" }, { id: "a" }] } },
        results: [
          {
            ruleId: "b",
            ruleIndex: 0,
            level: "fatal",
            locations: [{ physicalLocation: { artifactLocation: { uri: "x" }, region: { startLine: 0 } } }],
          },
          { message: { text: "no rule" } },
        ],
      },
    ],
  });
  assert.deepEqual(problems, [
    'version must be "2.1.0", got "2.0.0"',
    "runs[0].tool.driver.name is required",
    "runs[0].tool.driver.rules[1].id a is not unique",
    "runs[0].results[0].message is required and must be an object",
    "runs[0].results[0].ruleIndex points at a, not b",
    "runs[0].results[0].level fatal is invalid",
    "runs[0].results[0].locations[0].physicalLocation.region.startLine must be an integer >= 1",
    "runs[0].results[1] must name its rule",
  ]);
});
