import assert from "node:assert/strict";
import { test } from "node:test";
import { labelsFromServers, labelsSchema, taintConfigSchema } from "./config.js";
import { deriveLabels, ToolLabels } from "./labels.js";

test("an open-world tool returns untrusted content and, unless read-only, can send data out", () => {
  assert.deepEqual(deriveLabels({ openWorldHint: true, readOnlyHint: true }), ["untrusted"]);
  assert.deepEqual(deriveLabels({ openWorldHint: true }), ["untrusted", "egress"]);
  assert.deepEqual(deriveLabels({ openWorldHint: true, readOnlyHint: false, destructiveHint: true }), [
    "untrusted",
    "egress",
  ]);
});

test("a read-only tool of a closed world reads private data", () => {
  assert.deepEqual(deriveLabels({ readOnlyHint: true, openWorldHint: false }), ["private"]);
});

test("a closed-world writer and a tool without hints carry no label", () => {
  assert.deepEqual(deriveLabels({ readOnlyHint: false, destructiveHint: true, openWorldHint: false }), []);
  assert.deepEqual(deriveLabels({ readOnlyHint: true }), [], "an unstated world derives nothing");
  assert.deepEqual(deriveLabels({}), []);
  assert.deepEqual(deriveLabels(undefined), []);
  assert.deepEqual(deriveLabels({ openWorldHint: "yes" }), [], "only a boolean true counts");
});

test("configured labels win over annotations, and an empty list clears them", () => {
  const labels = new ToolLabels(new Map([["web", { fetch_url: ["untrusted" as const], ping: [] }]]));
  labels.observe("web", "fetch_url", { openWorldHint: true });
  labels.observe("web", "ping", { openWorldHint: true });
  labels.observe("web", "search", { openWorldHint: true });
  assert.deepEqual([...labels.of("web", "fetch_url")], ["untrusted"]);
  assert.deepEqual([...labels.of("web", "ping")], []);
  assert.deepEqual([...labels.of("web", "search")].sort(), ["egress", "untrusted"]);
  assert.deepEqual([...labels.of("other", "search")], [], "labels are per server");
});

test("a server cannot shed a derived label by changing its annotations later", () => {
  const labels = new ToolLabels(new Map());
  labels.observe("files", "read_file", { readOnlyHint: true, openWorldHint: false });
  labels.observe("files", "read_file", { readOnlyHint: false, openWorldHint: false });
  assert.deepEqual([...labels.of("files", "read_file")], ["private"]);
});

test("an unknown configured label is refused with the server and tool named", () => {
  assert.throws(
    () => new ToolLabels(new Map([["fs", { read_file: ["secret" as "private"] }]])),
    /servers\.fs\.labels\.read_file: unknown label "secret"/,
  );
});

test("the config schemas accept the documented shapes and refuse mistakes", () => {
  assert.deepEqual(taintConfigSchema.parse(undefined), { on_trifecta: "deny" });
  assert.deepEqual(taintConfigSchema.parse({}), { on_trifecta: "deny" });
  assert.deepEqual(taintConfigSchema.parse({ on_trifecta: "approve" }), { on_trifecta: "approve" });
  assert.equal(taintConfigSchema.safeParse({ on_trifecta: "warn" }).success, false);
  assert.equal(taintConfigSchema.safeParse({ on_trifecta: "deny", extra: 1 }).success, false);
  const labels = { read_file: ["private"], fetch_url: ["untrusted"], send_email: ["egress"] };
  assert.deepEqual(labelsSchema.parse(labels), labels);
  assert.equal(labelsSchema.safeParse({ read_file: ["secret"] }).success, false);
  assert.equal(labelsSchema.safeParse({ read_file: "private" }).success, false);
  const twice = labelsSchema.safeParse({ read_file: ["private", "private"] });
  assert.equal(twice.success, false);
  assert.match(twice.error!.issues[0]!.message, /listed twice/);
});

test("labels from server config are keyed by server, skipping servers without any", () => {
  const map = labelsFromServers({ fs: { labels: { read_file: ["private"] } }, web: {} });
  assert.deepEqual([...map.keys()], ["fs"]);
  assert.deepEqual(map.get("fs"), { read_file: ["private"] });
});
