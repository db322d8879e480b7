/** Shapes shared by the poisoning detector's parts. */

/** How bad one finding is on its own. */
export type Severity = "low" | "medium" | "high" | "critical";

/** What to do with an item: pass it, pass it and tell someone, or withhold it. */
export type Verdict = "allow" | "warn" | "block";

/** The kinds of item a server lists, plus its `instructions`. */
export type ItemKind = "tool" | "prompt" | "resource" | "resourceTemplate" | "instructions";

/** One reason an item looks poisoned. */
export interface Finding {
  /** Stable rule id, for example `secrecy` or `hidden-characters`. */
  rule: string;
  severity: Severity;
  /** JSON pointer into the item's definition ("" is the whole item, or the instructions string). */
  path: string;
  /** The text that triggered the rule, normalised and clipped. */
  evidence: string;
  /** Why this matters, in a sentence a reviewer can act on. */
  explanation: string;
}

/** The detector's view of one item. */
export interface ItemResult {
  kind: ItemKind;
  name: string;
  verdict: Verdict;
  /** 0 (nothing suspicious) to 1 (certainly poisoned). */
  score: number;
  findings: Finding[];
  /** SHA-256 of the item's canonical JSON: what pins and allowlists refer to. */
  hash: string;
}

/** A definition as the server sent it: a plain JSON object. */
export type Definition = Record<string, unknown>;

/**
 * What a server tells the model: its lists and its `instructions`, as plain objects straight from
 * the wire. Each item is checked when analysed (an object with a name), so no cast is needed.
 */
export interface ServerDefinitions {
  tools?: readonly unknown[];
  prompts?: readonly unknown[];
  resources?: readonly unknown[];
  resourceTemplates?: readonly unknown[];
  instructions?: string;
}

/** The detector's view of a whole server. */
export interface ServerAnalysis {
  /** The worst verdict among the items. */
  verdict: Verdict;
  /** The highest item score. */
  score: number;
  /** One result per item, tools first, then prompts, resources, templates and instructions. */
  items: ItemResult[];
}

/** Raised for input that is not a server's definitions; the message names the problem. */
export class DefinitionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DefinitionInputError";
  }
}
