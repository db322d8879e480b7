import type { AnyNode } from "acorn";
import { propertyName, unwrap, type Bindings } from "./bindings.js";
import { hostOf } from "./patterns.js";
import { staticString } from "./values.js";

/*
 * The vocabulary of the JavaScript analyser: which module members start processes, read files,
 * run code or reach the network, and how a call's arguments name a host.
 */

export const CHILD_PROCESS_CALLS = new Set([
  "exec",
  "execSync",
  "spawn",
  "spawnSync",
  "execFile",
  "execFileSync",
  "fork",
]);
export const FS_READS =
  /^(readFile|readFileSync|createReadStream|readdir|readdirSync|open|openSync|copyFile|copyFileSync|cp|cpSync|opendir|opendirSync|readlink|readlinkSync|stat|statSync|access|accessSync|existsSync)$/;
export const VM_CALLS = new Set([
  "runInNewContext",
  "runInThisContext",
  "runInContext",
  "compileFunction",
  "Script",
  "SourceTextModule",
]);
export const HTTP_CLIENT_MODULES = new Set([
  "axios",
  "got",
  "node-fetch",
  "undici",
  "superagent",
  "request",
  "needle",
  "ky",
  "cross-fetch",
  "isomorphic-fetch",
  "phin",
  "bent",
  "ws",
  "socket.io-client",
]);
export const NETWORK_MEMBERS: Record<string, RegExp> = {
  http: /^(request|get)$/,
  https: /^(request|get)$/,
  http2: /^connect$/,
  net: /^(connect|createConnection|Socket)$/,
  tls: /^(connect|createSecureContext)$/,
  dgram: /^createSocket$/,
  dns: /^(lookup|resolve\w*|promises\.\w+)$/,
};
export const GLOBAL_OBJECTS = new Set(["global", "globalThis", "window", "self"]);
export const SHELL_DOWNLOAD =
  /\b(curl|wget)\b[^|;]*\|\s*(sudo\s+)?(ba|z|da)?sh\b|\b(iex|invoke-expression)\b|\bbase64\s+(-d|--decode)\b.*\|\s*(ba)?sh/i;
export const SENDING_KEYS = /^(body|data|json|payload|params|form|query)$/i;

/** The host a network call's argument names: a URL, `new URL(…)`, an options object or a constant. */
export function hostOfArgument(arg: AnyNode, bindings: Bindings, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  const n = unwrap(arg);
  const value = staticString(n, bindings);
  if (value !== undefined)
    return hostOf(value) ?? (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value) ? value : undefined);
  if (n.type === "TemplateLiteral") return hostOf(n.quasis[0]?.value.cooked ?? "");
  if (
    n.type === "NewExpression" &&
    n.callee.type === "Identifier" &&
    n.callee.name === "URL" &&
    n.arguments[0]
  ) {
    return hostOfArgument(n.arguments[0] as AnyNode, bindings, depth + 1);
  }
  if (n.type === "Identifier") {
    const init = bindings.constants.get(n.name);
    return init ? hostOfArgument(init, bindings, depth + 1) : undefined;
  }
  if (n.type === "ObjectExpression") {
    for (const p of n.properties) {
      if (
        p.type !== "Property" ||
        p.key.type !== "Identifier" ||
        !/^(host|hostname|url|baseURL|uri)$/.test(p.key.name)
      )
        continue;
      const host = hostOfArgument(p.value as AnyNode, bindings, depth + 1);
      if (host) return host;
    }
  }
  return undefined;
}

/** `eval`, `global.eval`, `global["ev" + "al"]` or a constant holding one of them → `"eval"`. */
export function globalNameOf(callee: AnyNode, bindings: Bindings, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  if (callee.type === "Identifier") {
    const alias = bindings.constants.get(callee.name);
    if (alias) return globalNameOf(unwrap(alias), bindings, depth + 1);
    return bindings.modules.has(callee.name) ? undefined : callee.name;
  }
  if (
    callee.type === "MemberExpression" &&
    callee.object.type === "Identifier" &&
    GLOBAL_OBJECTS.has(callee.object.name)
  ) {
    return propertyName(callee) ?? staticString(callee.property as AnyNode, bindings);
  }
  return undefined;
}
