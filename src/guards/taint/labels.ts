/** What a tool does with data, for the session-taint ("lethal trifecta") check. */
export type TaintLabel = "private" | "untrusted" | "egress";

export const TAINT_LABELS: readonly TaintLabel[] = ["private", "untrusted", "egress"];

/** Configured labels: per server key, per tool name as the server knows it. */
export type ConfiguredLabels = ReadonlyMap<string, Readonly<Record<string, readonly TaintLabel[]>>>;

/** The MCP tool annotations that bear on labels; every hint is optional and untrusted. */
export interface ToolHints {
  readOnlyHint?: unknown;
  destructiveHint?: unknown;
  openWorldHint?: unknown;
}

/**
 * Labels implied by a tool's annotations. Only hints a server states count: an absent hint
 * derives nothing, because the protocol's defaults (open world, may write) would label nearly
 * every tool and make the check meaningless; configure labels for tools that say nothing.
 *
 * - `openWorldHint: true`: the tool talks to the outside world, so what it returns is
 *   `untrusted`; unless it also says `readOnlyHint: true`, what it is given may leave, so it is
 *   `egress` as well.
 * - `openWorldHint: false` with `readOnlyHint: true`: the tool reads from the closed system it
 *   fronts (files, a database, a mailbox), which is the data the check protects: `private`.
 *   A closed-world reader of nothing sensitive (a clock) is over-labelled; configure it `[]`.
 * - `destructiveHint` says whether a write can destroy something, not where data goes, so it
 *   adds no label: a closed-world writer changes local state but sends nothing out.
 *
 * @example deriveLabels({ openWorldHint: true }) // ["untrusted", "egress"]
 */
export function deriveLabels(hints: ToolHints | undefined): TaintLabel[] {
  if (!hints) return [];
  const readOnly = hints.readOnlyHint === true;
  if (hints.openWorldHint === true) return readOnly ? ["untrusted"] : ["untrusted", "egress"];
  if (hints.openWorldHint === false && readOnly) return ["private"];
  return [];
}

/** Most server+tool pairs whose derived labels are remembered; a flood of tool names stops here. */
const MAX_DERIVED = 50_000;

/**
 * The labels in force for each server's tools: configured labels win outright (an empty list
 * clears what annotations would derive); otherwise the labels derived from the annotations seen
 * in tools/list results. Derived labels only accumulate, so a server cannot shed a label by
 * changing its annotations after it was listed.
 */
export class ToolLabels {
  private readonly configured = new Map<string, ReadonlySet<TaintLabel>>();
  private readonly derived = new Map<string, ReadonlySet<TaintLabel>>();

  /** Throws a TypeError naming the entry when a configured label is not one of the three. */
  constructor(configured: ConfiguredLabels) {
    for (const [server, tools] of configured) {
      for (const [tool, labels] of Object.entries(tools)) {
        for (const label of labels) {
          if (!TAINT_LABELS.includes(label)) {
            throw new TypeError(
              `servers.${server}.labels.${tool}: unknown label "${String(label)}" (use private, untrusted or egress)`,
            );
          }
        }
        this.configured.set(pairKey(server, tool), new Set(labels));
      }
    }
  }

  /** Remembers what a listed tool's annotations imply; false when the table is full. */
  observe(server: string, tool: string, hints: ToolHints | undefined): boolean {
    const labels = deriveLabels(hints);
    if (labels.length === 0) return true;
    const key = pairKey(server, tool);
    const known = this.derived.get(key);
    if (known && labels.every((l) => known.has(l))) return true;
    if (!known && this.derived.size >= MAX_DERIVED) return false;
    this.derived.set(key, new Set([...(known ?? []), ...labels]));
    return true;
  }

  /** The labels of one tool, as the server names it. */
  of(server: string, tool: string): ReadonlySet<TaintLabel> {
    const key = pairKey(server, tool);
    return this.configured.get(key) ?? this.derived.get(key) ?? NONE;
  }
}

const NONE: ReadonlySet<TaintLabel> = new Set();

function pairKey(server: string, tool: string): string {
  return `${server}\u0000${tool}`;
}
