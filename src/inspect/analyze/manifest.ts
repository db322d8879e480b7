import type { InspectFinding } from "../types.js";
import { clip } from "./patterns.js";

/** What inspect reads from `package.json`. */
export interface ManifestFacts {
  name?: string;
  version?: string;
  dependencies: { name: string; range: string }[];
  /** Install-time scripts and the package files they run with `node`. */
  installScripts: { hook: string; command: string; line: number; runsFile?: string }[];
  findings: InspectFinding[];
}

const INSTALL_HOOKS = ["preinstall", "install", "postinstall"] as const;
const SHELL_DOWNLOAD = /\b(curl|wget)\b[^|;]*\|\s*(sudo\s+)?(ba|z|da)?sh\b|\b(iex|invoke-expression)\b/i;

function lineOfKey(text: string, key: string): number {
  const index = text.indexOf(`"${key}"`);
  return index < 0 ? 1 : text.slice(0, index).split("\n").length;
}

function normalizePath(path: string): string {
  return path.replace(/^\.\//, "").replace(/\\/g, "/");
}

/**
 * Reads a package manifest: name, version, dependencies and install scripts. `hasBindingGyp`
 * says whether the package ships a `binding.gyp`, which makes npm compile native code on install
 * even without an install script.
 */
export function readManifest(text: string | undefined, hasBindingGyp: boolean): ManifestFacts {
  const facts: ManifestFacts = { dependencies: [], installScripts: [], findings: [] };
  if (text === undefined) {
    facts.findings.push({
      rule: "unparsed-code",
      severity: "low",
      file: "package.json",
      evidence: "no package.json",
      explanation: "The package has no manifest, so its dependencies and scripts are unknown",
    });
    return facts;
  }
  let manifest: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new Error("not an object");
    manifest = parsed as Record<string, unknown>;
  } catch (err) {
    facts.findings.push({
      rule: "unparsed-code",
      severity: "low",
      file: "package.json",
      evidence: clip(String(err)),
      explanation: "package.json is not valid JSON",
    });
    return facts;
  }
  if (typeof manifest.name === "string") facts.name = manifest.name;
  if (typeof manifest.version === "string") facts.version = manifest.version;
  for (const field of ["dependencies", "optionalDependencies"]) {
    const deps = manifest[field];
    if (typeof deps !== "object" || deps === null) continue;
    for (const [name, range] of Object.entries(deps as Record<string, unknown>)) {
      if (typeof range === "string" && !facts.dependencies.some((d) => d.name === name))
        facts.dependencies.push({ name, range });
    }
  }
  const scripts =
    typeof manifest.scripts === "object" && manifest.scripts !== null
      ? (manifest.scripts as Record<string, unknown>)
      : {};
  for (const hook of INSTALL_HOOKS) {
    const command = scripts[hook];
    if (typeof command !== "string") continue;
    const line = lineOfKey(text, hook);
    const runsFile = /\bnode\s+(?:--?[\w-]+\s+)*([^\s;&|'"]+)/.exec(command)?.[1];
    facts.installScripts.push({
      hook,
      command,
      line,
      ...(runsFile ? { runsFile: normalizePath(runsFile) } : {}),
    });
    const downloads = SHELL_DOWNLOAD.test(command);
    facts.findings.push({
      rule: downloads ? "remote-code" : "install-script",
      severity: downloads ? "high" : "medium",
      file: "package.json",
      line,
      evidence: `"${hook}": ${clip(JSON.stringify(command), 100)}`,
      explanation: downloads
        ? "An install script downloads a script and runs it in a shell"
        : `npm runs this ${hook} script automatically on install, with the installing user's rights`,
    });
  }
  if (hasBindingGyp && !INSTALL_HOOKS.some((h) => typeof scripts[h] === "string")) {
    facts.installScripts.push({ hook: "install", command: "node-gyp rebuild", line: 1 });
    facts.findings.push({
      rule: "native-build",
      severity: "medium",
      file: "binding.gyp",
      evidence: "binding.gyp",
      explanation: "npm compiles native code from binding.gyp on install (node-gyp rebuild)",
    });
  }
  return facts;
}
