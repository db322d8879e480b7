import { parseVersion } from "./semver.js";

/** Which registry a server's package comes from. */
export type Ecosystem = "npm" | "pypi";

/** The package a server is launched from. */
export interface PackageSpec {
  ecosystem: Ecosystem;
  name: string;
  /** The exact version when the launch pins one (`pkg@1.2.3`, `pkg==1.2.3`). */
  version?: string;
  /** What the launch asked for when it is not an exact version (`latest`, `^1`, `>=2`). */
  requested?: string;
  /** How the package is launched. */
  launcher: "npx" | "uvx" | "installed";
  /** For `node …/node_modules/<pkg>/…` launches: the installed package directory. */
  packageDir?: string;
}

/** The launch fields {@link packageSpecOf} reads. */
export interface LaunchCommand {
  command?: string;
  args?: readonly string[];
}

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/i;
const PYPI_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** npx flags that take a value (the value is not the package). */
const NPX_VALUE_FLAGS = new Set([
  "--registry",
  "--cache",
  "--userconfig",
  "-c",
  "--call",
  "--node-options",
  "--prefix",
  "-w",
  "--workspace",
]);
/** uvx flags that take a value. */
const UVX_VALUE_FLAGS = new Set([
  "--with",
  "--python",
  "-p",
  "--index",
  "--index-url",
  "--extra-index-url",
  "--default-index",
  "--with-requirements",
  "--constraints",
  "--overrides",
  "--cache-dir",
  "--directory",
  "--project",
  "--config-file",
  "--env-file",
]);

function baseName(command: string): string {
  const last = command.split(/[\\/]/).pop() ?? command;
  return last.replace(/\.(cmd|exe|bat|ps1)$/i, "").toLowerCase();
}

/** Splits `name@version` (npm), keeping a scope's leading `@`. */
export function splitNpmSpec(spec: string): { name: string; range?: string } | undefined {
  const at = spec.indexOf("@", spec.startsWith("@") ? 1 : 0);
  const name = at > 0 ? spec.slice(0, at) : spec;
  const range = at > 0 ? spec.slice(at + 1) : undefined;
  if (!NPM_NAME.test(name)) return undefined;
  return range ? { name, range } : { name };
}

function withVersion(
  base: Omit<PackageSpec, "version" | "requested">,
  range: string | undefined,
): PackageSpec {
  if (!range) return base;
  const trimmed = range.replace(/^=+/, "").trim();
  return parseVersion(trimmed) ? { ...base, version: trimmed } : { ...base, requested: range };
}

function firstPositional(
  args: readonly string[],
  valueFlags: ReadonlySet<string>,
): { value?: string; flags: Map<string, string> } {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") return { value: args[i + 1], flags };
    if (arg.startsWith("-")) {
      const eq = arg.indexOf("=");
      if (eq > 0) flags.set(arg.slice(0, eq), arg.slice(eq + 1));
      else if (valueFlags.has(arg) || arg === "-p" || arg === "--package" || arg === "--from") {
        flags.set(arg, args[i + 1] ?? "");
        i++;
      }
      continue;
    }
    return { value: arg, flags };
  }
  return { flags };
}

function npxSpec(args: readonly string[]): PackageSpec | undefined {
  const { value, flags } = firstPositional(args, NPX_VALUE_FLAGS);
  const spec = flags.get("--package") ?? flags.get("-p") ?? value;
  if (!spec) return undefined;
  const parsed = splitNpmSpec(spec);
  if (!parsed) return undefined;
  return withVersion({ ecosystem: "npm", name: parsed.name, launcher: "npx" }, parsed.range);
}

function uvxSpec(args: readonly string[]): PackageSpec | undefined {
  const { value, flags } = firstPositional(args, UVX_VALUE_FLAGS);
  const spec = flags.get("--from") ?? value;
  if (!spec) return undefined;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:(==|@)\s*([^\s,;]+)|([<>=!~][^;]*))?$/.exec(
    spec.trim(),
  );
  if (!m || !PYPI_NAME.test(m[1] ?? "")) return undefined;
  const base = { ecosystem: "pypi" as const, name: (m[1] as string).toLowerCase(), launcher: "uvx" as const };
  if (m[3]) return { ...base, version: m[3] };
  if (m[4]) return { ...base, requested: m[4].trim() };
  return base;
}

/** `node /…/node_modules/@scope/name/dist/index.js` → the installed package and its directory. */
function installedSpec(args: readonly string[]): PackageSpec | undefined {
  const script = args.find((a) => !a.startsWith("-"));
  if (!script) return undefined;
  const parts = script.split(/[\\/]/);
  const index = parts.lastIndexOf("node_modules");
  if (index < 0) return undefined;
  const first = parts[index + 1];
  if (!first) return undefined;
  const name = first.startsWith("@") ? `${first}/${parts[index + 2] ?? ""}` : first;
  if (!NPM_NAME.test(name)) return undefined;
  const depth = first.startsWith("@") ? index + 3 : index + 2;
  const separator = script.includes("\\") && !script.includes("/") ? "\\" : "/";
  return { ecosystem: "npm", name, launcher: "installed", packageDir: parts.slice(0, depth).join(separator) };
}

/**
 * The package a server is launched from, read from its command and arguments: `npx [-y] pkg[@v]`,
 * `pnpm dlx`, `bunx`, `yarn dlx`, `npm exec`, `uvx pkg[==v]`, `uv tool run`, `pipx run`, or `node`
 * running a file inside `node_modules`. Undefined when the server is not launched from a package.
 *
 * @example
 * packageSpecOf({ command: "npx", args: ["-y", "@modelcontextprotocol/server-memory@0.6.2"] });
 * // { ecosystem: "npm", name: "@modelcontextprotocol/server-memory", version: "0.6.2", launcher: "npx" }
 */
export function packageSpecOf(server: LaunchCommand): PackageSpec | undefined {
  if (!server.command) return undefined;
  const command = baseName(server.command);
  const args = server.args ?? [];
  switch (command) {
    case "npx":
    case "pnpx":
    case "bunx":
      return npxSpec(args);
    case "pnpm":
    case "yarn":
      return args[0] === "dlx" ? npxSpec(args.slice(1)) : undefined;
    case "npm":
      return args[0] === "exec" || args[0] === "x" ? npxSpec(args.slice(1)) : undefined;
    case "bun":
      return args[0] === "x" ? npxSpec(args.slice(1)) : undefined;
    case "uvx":
      return uvxSpec(args);
    case "uv":
      return args[0] === "tool" && args[1] === "run" ? uvxSpec(args.slice(2)) : undefined;
    case "pipx":
      return args[0] === "run" ? uvxSpec(args.slice(1)) : undefined;
    case "node":
    case "nodejs":
      return installedSpec(args);
    default:
      return undefined;
  }
}
