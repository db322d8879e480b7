import assert from "node:assert/strict";
import { test } from "node:test";
import { localPrincipal } from "../../auth/principal.js";
import type { GuardContext } from "../guard.js";
import { toPolicyRequest } from "./request.js";

function ctx(method: string, target?: string): GuardContext {
  const c: GuardContext = { sessionId: "s", principal: localPrincipal(), method, server: "fs", notes: {} };
  if (target !== undefined) c.target = target;
  return c;
}

test("a tool call is judged by its exposed name and its arguments, not the upstream name", () => {
  const request = toPolicyRequest(ctx("tools/call", "fs__read_file"), {
    name: "read_file",
    arguments: { path: "/srv/a" },
  });
  assert.deepEqual(request, {
    method: "tools/call",
    server: "fs",
    tool: "fs__read_file",
    args: { path: "/srv/a" },
  });
});

test("a prompt is judged by its exposed name and its arguments", () => {
  const request = toPolicyRequest(ctx("prompts/get", "docs__summary"), {
    name: "summary",
    arguments: { lang: "en" },
  });
  assert.deepEqual(request, {
    method: "prompts/get",
    server: "fs",
    prompt: "docs__summary",
    args: { lang: "en" },
  });
});

test("resource reads, subscriptions and unsubscriptions are judged by their URI", () => {
  for (const method of ["resources/read", "resources/subscribe", "resources/unsubscribe"]) {
    assert.deepEqual(toPolicyRequest(ctx(method, "file:///srv/a"), { uri: "file:///srv/a" }), {
      method,
      server: "fs",
      resourceUri: "file:///srv/a",
    });
  }
});

test("a completion is judged by the prompt or resource it completes", () => {
  const prompt = toPolicyRequest(ctx("completion/complete", "docs__summary"), {
    ref: { type: "ref/prompt", name: "summary" },
    argument: { name: "lang", value: "e" },
  });
  assert.deepEqual(prompt, { method: "completion/complete", server: "fs", prompt: "docs__summary" });
  const resource = toPolicyRequest(ctx("completion/complete", "file:///srv/{name}"), {
    ref: { type: "ref/resource", uri: "file:///srv/{name}" },
  });
  assert.deepEqual(resource, {
    method: "completion/complete",
    server: "fs",
    resourceUri: "file:///srv/{name}",
  });
});

test("another method is judged by its name alone", () => {
  assert.deepEqual(toPolicyRequest(ctx("tasks/list"), {}), { method: "tasks/list", server: "fs" });
});

test("arguments that are not an object are not passed on, so no argument constraint can hold", () => {
  const request = toPolicyRequest(ctx("tools/call", "fs__read_file"), { arguments: ["/srv/a"] });
  assert.equal(request.args, undefined);
});

test("a call or completion without a target is an error, so the guard fails closed", () => {
  assert.throws(
    () => toPolicyRequest(ctx("tools/call"), { name: "x" }),
    /tools\/call reached the policy without a target/,
  );
  assert.throws(
    () => toPolicyRequest(ctx("completion/complete", "x"), { ref: { type: "ref/other" } }),
    /names neither a prompt nor a resource/,
  );
});
