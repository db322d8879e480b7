import type { PolicyRequest } from "../../policy/index.js";
import type { GuardContext, JsonObject } from "../guard.js";

/**
 * The policy's view of one client request: the method, the server it is routed to, and the
 * target as the client named it (exposed tool or prompt name, resource URI), with tool or
 * prompt arguments. Completions are judged by the prompt or resource they complete. Throws when
 * a call that must name a target does not, so the guard fails closed.
 *
 * @example toPolicyRequest(ctx, { name: "read_file", arguments: { path: "/srv/a" } })
 */
export function toPolicyRequest(ctx: GuardContext, params: JsonObject): PolicyRequest {
  const request: PolicyRequest = { method: ctx.method };
  if (ctx.server !== undefined) request.server = ctx.server;
  switch (ctx.method) {
    case "tools/call":
      request.tool = targetOf(ctx);
      withArguments(request, params.arguments);
      break;
    case "prompts/get":
      request.prompt = targetOf(ctx);
      withArguments(request, params.arguments);
      break;
    case "resources/read":
    case "resources/subscribe":
    case "resources/unsubscribe":
      request.resourceUri = targetOf(ctx);
      break;
    case "completion/complete": {
      const ref = isObject(params.ref) ? params.ref : undefined;
      if (ref?.type === "ref/prompt") request.prompt = targetOf(ctx);
      else if (ref?.type === "ref/resource") request.resourceUri = targetOf(ctx);
      else throw new Error("completion/complete names neither a prompt nor a resource");
      break;
    }
  }
  return request;
}

function targetOf(ctx: GuardContext): string {
  if (typeof ctx.target !== "string") throw new Error(`${ctx.method} reached the policy without a target`);
  return ctx.target;
}

/** Only an object can carry named arguments; anything else leaves every constraint unmet. */
function withArguments(request: PolicyRequest, args: unknown): void {
  if (isObject(args)) request.args = args;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
