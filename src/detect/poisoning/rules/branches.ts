import { literalBranches, type Branch } from "./literals.js";
import { GRAM, neededLiteral, type NeededLiteral, type TextSketch } from "./sketch.js";

/**
 * Rule expressions split into their top-level branches, each with the literals one of which every
 * match of it contains. Branches none of whose literals occur in a text cannot match there, so the
 * expression is run without them. Dropping branches that cannot match anywhere leaves every match,
 * and the order they are found in, exactly as it was.
 */

/** How an expression splits into branches and what each needs: read once, when first narrowed. */
interface Reading {
  /** Source of each top-level branch, in order. */
  branches: string[];
  /** The literals each branch needs one of, or undefined when it needs none known. */
  needs: Array<readonly NeededLiteral[] | undefined>;
  /**
   * Every needed literal of every branch, flattened for the scan that runs per text: its first
   * slot (or -1 when it is too short for the sketch), and where each branch's literals start.
   */
  probes: { first: Int32Array; starts: Int32Array; literal: NeededLiteral[] };
}

/**
 * A rule expression whose branches can be left out where they cannot match. Its branches are
 * read the first time it is narrowed, so loading the rules costs little and an expression that
 * never runs costs nothing.
 */
export class BranchedExpression {
  /** The whole expression, global. */
  readonly full: RegExp;
  /** Expressions made of some of the branches, by the list of branch numbers kept. */
  readonly narrowed = new Map<string, RegExp>();
  private read?: Reading;

  /** `known` shares the lookup form of literals between the expressions of one rule set. */
  constructor(
    readonly source: string,
    private readonly known: Map<string, NeededLiteral> = new Map(),
  ) {
    this.full = new RegExp(source, "g");
  }

  /** Source of each top-level branch, in order. */
  get branches(): string[] {
    return this.reading().branches;
  }

  /** The literals each branch needs one of, or undefined when it needs none known. */
  get needs(): Array<readonly NeededLiteral[] | undefined> {
    return this.reading().needs;
  }

  /** The literals of every branch, flattened for {@link narrowExpression}. */
  get probes(): Reading["probes"] {
    return this.reading().probes;
  }

  private reading(): Reading {
    this.read ??= readBranches(this.source, this.known);
    return this.read;
  }
}

// Distinct subsets seen in practice are few; past this many per expression (a bound on memory
// whatever definitions arrive), the whole expression is used.
const MAX_NARROWED = 64;
function readBranches(source: string, known: Map<string, NeededLiteral>): Reading {
  // Numbered back-references would point at other groups once branches are left out.
  let read: Branch[] = /\\[1-9]/.test(source) ? [] : literalBranches(source);
  if (read.map((branch) => branch.source).join("|") !== source) read = [{ source, literals: undefined }];
  const branches = read.map((branch) => branch.source);
  const needs = read.map((branch) =>
    branch.literals?.map((text) => {
      let literal = known.get(text);
      if (!literal) known.set(text, (literal = neededLiteral(text)));
      return literal;
    }),
  );
  const literal = needs.flatMap((literals) => literals ?? []);
  const starts = new Int32Array(needs.length + 1);
  needs.forEach((literals, i) => (starts[i + 1] = (starts[i] ?? 0) + (literals?.length ?? 0)));
  const probes = {
    first: Int32Array.from(literal, (l) => (l.text.length < GRAM ? -1 : (l.slots[0] ?? -1))),
    starts,
    literal,
  };
  return { branches, needs, probes };
}

/**
 * The expression without the branches that cannot match in the sketched text, or undefined when
 * none can. Global, like the whole expression.
 */
export function narrowExpression(expression: BranchedExpression, sketch: TextSketch): RegExp | undefined {
  const { needs, probes } = expression;
  const { first, starts, literal } = probes;
  const kept: number[] = [];
  for (let i = 0; i < needs.length; i++) {
    let possible = needs[i] === undefined;
    const end = starts[i + 1] ?? 0;
    for (let k = starts[i] ?? 0; !possible && k < end; k++) {
      // One probe rules most literals out; only those it lets through are looked at whole.
      const slot = first[k] ?? -1;
      possible = (slot < 0 || sketch.has(slot)) && sketch.mayContain(literal[k] as NeededLiteral);
    }
    if (possible) kept.push(i);
  }
  if (kept.length === 0) return undefined;
  if (kept.length === expression.branches.length) return expression.full;
  const key = kept.join(",");
  let narrowed = expression.narrowed.get(key);
  if (!narrowed) {
    if (expression.narrowed.size >= MAX_NARROWED) return expression.full;
    narrowed = new RegExp(kept.map((i) => expression.branches[i]).join("|"), "g");
    expression.narrowed.set(key, narrowed);
  }
  return narrowed;
}
