/**
 * Required literals of a regular expression: a set of strings of which every match contains at
 * least one. A branch of a rule whose literals are all absent from a text cannot match anywhere in
 * it, so it need not run. The analysis is conservative: whatever it does not understand (classes,
 * back-references, `.`) yields no requirement rather than a wrong one.
 */

// Literal sets larger than this are not expanded further (cross products grow fast).
const MAX_STRINGS = 48;

/** What is known about the strings a piece of an expression can match. */
interface Info {
  /** Every string it can match, when that set is finite and small. */
  exact?: string[];
  /** Strings of which every match contains one (none of them empty). */
  required?: string[];
}

const NOTHING: Info = {};
const EMPTY: Info = { exact: [""] };

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v", 0: "\0" };
const CLASS_ESCAPES = new Set(["d", "D", "w", "W", "s", "S"]);

function unique(strings: string[]): string[] {
  return [...new Set(strings)];
}

/** Every string of `left` followed by every string of `right` (both without repeats). */
function cross(left: string[], right: string[]): string[] | undefined {
  if (left.length * right.length > MAX_STRINGS) return undefined;
  // With one string on either side, no two pairs can give the same string.
  if (right.length === 1) {
    const tail = right[0] ?? "";
    return left.map((a) => a + tail);
  }
  if (left.length === 1) {
    const head = left[0] ?? "";
    return right.map((b) => head + b);
  }
  return unique(left.flatMap((a) => right.map((b) => a + b)));
}

function shortest(strings: string[]): number {
  let length = Infinity;
  for (const s of strings) length = Math.min(length, s.length);
  return length;
}

/**
 * A usable requirement: non-empty, and no member that every text contains (the empty string).
 * A member that contains another adds nothing (wherever it occurs, so does the other) and is
 * dropped, so fewer literals need looking up.
 */
function asRequired(strings: string[] | undefined): string[] | undefined {
  if (!strings || strings.length === 0 || strings.some((s) => s.length === 0)) return undefined;
  if (strings.length === 1) return strings;
  // Shortest first: a string that holds none of the shorter ones kept holds none of the set.
  const kept: string[] = [];
  for (const s of unique(strings).sort((a, b) => a.length - b.length)) {
    if (!kept.some((shorter) => s.includes(shorter))) kept.push(s);
  }
  const minimal = new Set(kept);
  return unique(strings).filter((s) => minimal.has(s));
}

/** Longer literals occur in fewer texts; among equals, fewer alternatives are better. */
function better(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a) return b;
  if (!b) return a;
  const inA = shortest(a);
  const inB = shortest(b);
  if (inA !== inB) return inA > inB ? a : b;
  return a.length <= b.length ? a : b;
}

function requiredOf(info: Info): string[] | undefined {
  return better(info.required, asRequired(info.exact));
}

const QUANTIFIER = /^(?:[*+?]|\{(\d+)(?:(,)(\d*))?\})/;

class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  parse(): Info {
    const info = this.disjunction();
    if (this.at !== this.source.length) throw new Error(`unexpected ")" at ${this.at}`);
    return info;
  }

  /** The top-level branches of the source, as written. */
  branches(): Branch[] {
    const found: Branch[] = [];
    let start = 0;
    for (;;) {
      const literals = requiredOf(this.alternative());
      found.push({ source: this.source.slice(start, this.at), literals });
      if (this.peek() !== "|") break;
      this.at++;
      start = this.at;
    }
    if (this.at !== this.source.length) throw new Error(`unexpected ")" at ${this.at}`);
    return found;
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }

  private disjunction(): Info {
    const alternatives = [this.alternative()];
    while (this.peek() === "|") {
      this.at++;
      alternatives.push(this.alternative());
    }
    if (alternatives.length === 1) return alternatives[0] ?? NOTHING;
    const exacts = alternatives.map((a) => a.exact);
    const union = exacts.every((e) => e !== undefined) ? unique(exacts.flat() as string[]) : undefined;
    const exact = union && union.length <= MAX_STRINGS ? union : undefined;
    // When every branch is exact, the requirement follows from the exact strings when asked for.
    if (exact) return { exact };
    const required = alternatives.map(requiredOf);
    return {
      exact,
      required: required.every((r) => r !== undefined)
        ? asRequired(unique(required.flat() as string[]))
        : undefined,
    };
  }

  private alternative(): Info {
    // `run` is the exact strings of the terms read since the last inexact one; closing it offers
    // them as a requirement.
    let run: string[] | undefined = [""];
    let allExact = true;
    let best: string[] | undefined;
    for (let ch = this.peek(); ch !== undefined && ch !== "|" && ch !== ")"; ch = this.peek()) {
      const info = this.quantified(this.atom());
      if (info.exact) {
        const joined: string[] | undefined = run ? cross(run, info.exact) : undefined;
        if (joined) run = joined;
        else {
          best = better(best, asRequired(run));
          run = info.exact;
          allExact = false;
        }
      } else {
        allExact = false;
        best = better(best, asRequired(run));
        run = undefined;
        best = better(best, info.required);
      }
    }
    if (allExact) return { exact: run };
    return { required: better(best, asRequired(run)) };
  }

  private quantified(info: Info): Info {
    const next = this.peek();
    if (next !== "*" && next !== "+" && next !== "?" && next !== "{") return info;
    const quantifier = QUANTIFIER.exec(this.source.slice(this.at));
    if (!quantifier) return info;
    this.at += quantifier[0].length;
    if (this.peek() === "?") this.at++;
    const symbol = quantifier[0];
    const min = symbol === "*" || symbol === "?" ? 0 : symbol === "+" ? 1 : Number(quantifier[1]);
    const max =
      symbol === "?" ? 1 : symbol === "*" || symbol === "+" ? Infinity : quantifier[2] ? Infinity : min;
    if (min === 1 && max === 1) return info;
    if (min === 0 && max === 1 && info.exact) return { exact: unique(["", ...info.exact]) };
    if (min === 0) return NOTHING;
    return { required: requiredOf(info) };
  }

  private atom(): Info {
    const ch = this.peek() as string;
    this.at++;
    switch (ch) {
      case "^":
      case "$":
        return EMPTY;
      case ".":
        return NOTHING;
      case "[":
        return this.characterClass();
      case "(":
        return this.group();
      case "\\":
        return this.escape();
      default:
        return { exact: [ch] };
    }
  }

  private group(): Info {
    const rest = this.source.slice(this.at);
    const lookaround = /^\?<?[=!]/.exec(rest);
    if (lookaround) {
      this.at += lookaround[0].length;
      this.disjunction();
      this.expect(")");
      return EMPTY;
    }
    const prefix = /^\?(?::|<[A-Za-z_$][\w$]*>)/.exec(rest);
    if (prefix) this.at += prefix[0].length;
    else if (rest.startsWith("?")) throw new Error(`unsupported group at ${this.at}`);
    const info = this.disjunction();
    this.expect(")");
    return info;
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) throw new Error(`expected "${ch}" at ${this.at}`);
    this.at++;
  }

  private escape(): Info {
    const ch = this.peek();
    if (ch === undefined) throw new Error("trailing backslash");
    this.at++;
    if (ch === "b" || ch === "B") return EMPTY;
    if (CLASS_ESCAPES.has(ch)) return NOTHING;
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined && !(ch === "0" && /\d/.test(this.peek() ?? ""))) return { exact: [simple] };
    const code = ch === "x" ? /^[0-9a-fA-F]{2}/ : ch === "u" ? /^[0-9a-fA-F]{4}/ : undefined;
    if (code) {
      const digits = code.exec(this.source.slice(this.at));
      if (!digits) return NOTHING;
      this.at += digits[0].length;
      return { exact: [String.fromCharCode(parseInt(digits[0], 16))] };
    }
    // Escaped punctuation stands for itself; anything else (back-references, \p, \c...) is unknown.
    if (/[\^$\\.*+?()[\]{}|/\-'"!#%&,:;<=>@`~ ]/.test(ch)) return { exact: [ch] };
    // A named back-reference would otherwise read as the literal "<name>".
    if (ch === "k") throw new Error(`back-reference at ${this.at}`);
    return NOTHING;
  }

  private characterClass(): Info {
    const negated = this.peek() === "^";
    if (negated) this.at++;
    const members: string[] = [];
    let plain = !negated;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) throw new Error("unterminated character class");
      this.at++;
      if (ch === "]") break;
      if (ch === "\\") {
        const escaped = this.peek();
        if (escaped === undefined) throw new Error("trailing backslash");
        this.at++;
        if (/[\^$\\.*+?()[\]{}|/\-'"]/.test(escaped)) members.push(escaped);
        else plain = false;
      } else if (ch === "-" && members.length > 0 && this.peek() !== "]") {
        plain = false;
      } else {
        members.push(ch);
      }
    }
    return plain && members.length > 0 && members.length <= 8 ? { exact: unique(members) } : NOTHING;
  }
}

/**
 * Strings of which every match of `source` contains at least one, or undefined when the analysis
 * finds none. Sources it cannot parse get undefined too, which only costs speed.
 *
 * @example requiredLiterals("\\b(?:read|send) (?:the )?file") // ["read ", "send "]
 */
export function requiredLiterals(source: string): string[] | undefined {
  try {
    return requiredOf(new Parser(source).parse());
  } catch {
    return undefined;
  }
}

/**
 * The top-level branches of `source` (its `|`-separated alternatives outside any group), as written.
 * Joining them with `|` gives `source` back.
 *
 * @example topLevelBranches("a(?:b|c)|d") // ["a(?:b|c)", "d"]
 */
export function topLevelBranches(source: string): string[] {
  return literalBranches(source).map((branch) => branch.source);
}

/** One top-level branch of an expression and the literals it needs (see {@link requiredLiterals}). */
export interface Branch {
  source: string;
  literals: string[] | undefined;
}

/**
 * The top-level branches of `source`, each with the literals every match of it contains, read
 * in one pass. A source that cannot be read is one branch that needs nothing.
 *
 * @example literalBranches("ab|c\\d")[0] // { source: "ab", literals: ["ab"] }
 */
export function literalBranches(source: string): Branch[] {
  try {
    return new Parser(source).branches();
  } catch {
    return [{ source, literals: undefined }];
  }
}
