/**
 * One regular expression that finds any of a set of literal strings in a single pass. The
 * alternatives are nested by shared prefix (`gh(?:p_|o_)`), which lets the regex engine reject
 * most positions on their first character; that is several times faster than one flat
 * alternation or one `includes` per literal on long text.
 */

interface TrieNode {
  end: boolean;
  children: Map<string, TrieNode>;
}

function escapeLiteral(char: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(char) ? `\\${char}` : char;
}

function sourceOf(node: TrieNode): string {
  const branches = [...node.children.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([char, child]) => escapeLiteral(char) + sourceOf(child));
  if (branches.length === 0) return "";
  const body = branches.length === 1 ? branches[0] : `(?:${branches.join("|")})`;
  // A literal that ends here while longer ones continue: the continuation is optional.
  return node.end ? `(?:${body})?` : (body ?? "");
}

/**
 * A regex source matching any of `literals` (the longest one where several share a prefix).
 *
 * @example literalPattern(["ghp_", "gho_", "glpat-"]) // "g(?:h(?:o_|p_)|lpat-)"
 */
export function literalPattern(literals: readonly string[]): string {
  if (literals.length === 0) throw new Error("literalPattern needs at least one literal");
  const root: TrieNode = { end: false, children: new Map() };
  for (const literal of literals) {
    if (literal.length === 0) throw new Error("literalPattern cannot match an empty literal");
    let node = root;
    for (const char of literal) {
      let child = node.children.get(char);
      if (!child) {
        child = { end: false, children: new Map() };
        node.children.set(char, child);
      }
      node = child;
    }
    node.end = true;
  }
  return sourceOf(root);
}

/** Where each literal of a set occurs in one text: literal → ascending offsets. */
export type LiteralHits = ReadonlyMap<string, readonly number[]>;

/**
 * Finds every occurrence of the literals of `pattern` (a {@link literalPattern} source) in
 * `lower`, overlapping ones included, in one pass. Detectors that share a text share this pass.
 */
export function scanLiterals(lower: string, pattern: string): Map<string, number[]> {
  const hits = new Map<string, number[]>();
  const finder = new RegExp(pattern, "g");
  for (let hit = finder.exec(lower); hit; hit = finder.exec(lower)) {
    const positions = hits.get(hit[0]);
    if (positions) positions.push(hit.index);
    else hits.set(hit[0], [hit.index]);
    finder.lastIndex = hit.index + 1;
  }
  return hits;
}
