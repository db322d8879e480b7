import { test } from "node:test";
import assert from "node:assert/strict";
import { bastionCli } from "../support.js";

test("a command group answers --help with its commands", async () => {
  for (const args of [["audit", "--help"], ["pins", "-h"], ["audit"]]) {
    const { code, out } = await bastionCli(...args);
    assert.equal(code, 0, `bastion ${args.join(" ")}`);
    assert.match(out, new RegExp(`^Usage: bastion ${args[0]} <command>`));
    assert.doesNotMatch(out, /unknown command/);
  }
  const audit = await bastionCli("audit", "--help");
  for (const name of ["verify", "tail", "query", "export"])
    assert.match(audit.out, new RegExp(`audit ${name} `));
  assert.doesNotMatch(audit.out, /pins /, "only the group's own commands");
});

test("an unknown command in a group is named, with the group's commands", async () => {
  const { code, out } = await bastionCli("audit", "frob");
  assert.equal(code, 2);
  assert.match(out, /bastion: unknown audit command "frob"/);
  assert.match(out, /audit verify /);
  const other = await bastionCli("frobnicate");
  assert.equal(other.code, 2);
  assert.match(other.out, /unknown command "frobnicate"/);
});
