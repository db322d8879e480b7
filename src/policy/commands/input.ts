import type { Principal } from "../../auth/principal.js";
import type { PolicyRequest } from "../request.js";

/** Separator between the server key and the upstream name in exposed tool and prompt names. */
const SERVER_SEPARATOR = "__";

/** Who a command-line check acts as. */
export interface PrincipalInput {
  subject: string;
  groups?: readonly string[];
  roles?: readonly string[];
  scopes?: readonly string[];
  clientId?: string;
  /** Name of the API key; makes the principal an API-key principal. */
  apiKey?: string;
  mfa?: boolean;
}

/** What a command-line check asks about: exactly one of call, prompt, resource, or a bare method. */
export interface RequestInput {
  call?: string;
  prompt?: string;
  resource?: string;
  method?: string;
  server?: string;
  args?: Record<string, unknown>;
}

/** Builds a Principal from command-line or test-table fields. */
export function principalFrom(input: PrincipalInput): Principal {
  const principal: Principal = {
    subject: input.subject,
    groups: [...(input.groups ?? [])],
    roles: [...(input.roles ?? [])],
    scopes: [...(input.scopes ?? [])],
    method: input.apiKey !== undefined ? "api_key" : input.subject === "local" ? "local" : "oauth",
    mfa: input.mfa ?? false,
  };
  if (input.clientId !== undefined) principal.clientId = input.clientId;
  if (input.apiKey !== undefined) principal.keyName = input.apiKey;
  return principal;
}

/**
 * Builds the request a command-line check describes. The server defaults to the part of a tool
 * or prompt name before `__`. Throws an Error when the target is missing or ambiguous.
 */
export function requestFrom(input: RequestInput): PolicyRequest {
  const targets = (["call", "prompt", "resource"] as const).filter((key) => input[key] !== undefined);
  if (targets.length > 1) {
    throw new Error(`give only one of call, prompt, resource (got ${targets.join(", ")})`);
  }
  if (targets.length === 0 && input.method === undefined) {
    throw new Error("give a call, prompt, resource or method to check");
  }
  const request: PolicyRequest = { method: input.method ?? "" };
  if (input.call !== undefined) {
    request.method ||= "tools/call";
    request.tool = input.call;
  } else if (input.prompt !== undefined) {
    request.method ||= "prompts/get";
    request.prompt = input.prompt;
  } else if (input.resource !== undefined) {
    request.method ||= "resources/read";
    request.resourceUri = input.resource;
  }
  const named = input.call ?? input.prompt;
  const server =
    input.server ??
    (named?.includes(SERVER_SEPARATOR) ? named.slice(0, named.indexOf(SERVER_SEPARATOR)) : undefined);
  if (server !== undefined) request.server = server;
  if (input.args !== undefined) request.args = input.args;
  return request;
}

/** Splits `a,b` command-line lists; accepts arrays as they are. */
export function listFrom(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const items = typeof value === "string" ? value.split(",") : value;
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/** One line describing a principal for command output. */
export function describePrincipal(principal: Principal): string {
  const parts = [
    ["groups", principal.groups],
    ["roles", principal.roles],
    ["scopes", principal.scopes],
  ] as const;
  const extras = parts
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => `${name}: ${values.join(", ")}`);
  if (principal.clientId) extras.push(`client: ${principal.clientId}`);
  if (principal.keyName) extras.push(`api key: ${principal.keyName}`);
  if (principal.mfa) extras.push("mfa");
  return extras.length ? `${principal.subject} (${extras.join("; ")})` : principal.subject;
}
