type Caps = Record<string, unknown>;

/**
 * The capabilities a client sees: only what at least one upstream really offers, so a client
 * never calls a feature nothing behind the gateway implements. `listChanged` is offered for
 * tools, prompts and resources whenever they are offered at all, because the gateway itself
 * sends those notifications when an upstream restarts or a guard changes what is visible.
 */
export function mergeCapabilities(all: Caps[]): Caps {
  const out: Caps = {};
  const has = (k: string) => all.some((c) => c[k] !== undefined && c[k] !== null);
  const flag = (k: string, f: string) => all.some((c) => (c[k] as Caps | undefined)?.[f] === true);
  if (has("tools")) out.tools = { listChanged: true };
  if (has("prompts")) out.prompts = { listChanged: true };
  if (has("resources")) out.resources = { listChanged: true, subscribe: flag("resources", "subscribe") };
  if (has("logging")) out.logging = {};
  if (has("completions")) out.completions = {};
  const experimental: Caps = {};
  for (const c of all)
    if (c.experimental && typeof c.experimental === "object") Object.assign(experimental, c.experimental);
  if (Object.keys(experimental).length > 0) out.experimental = experimental;
  return out;
}

/** Each server's instructions under its own heading, so the model knows which server says what. */
export function mergeInstructions(
  parts: Array<{ server: string; text: string | undefined }>,
): string | undefined {
  const present = parts.filter((p) => typeof p.text === "string" && p.text.trim() !== "");
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0]!.text;
  return present.map((p) => `## ${p.server}\n${p.text!.trim()}`).join("\n\n");
}
