/**
 * Compiles a `pattern` operator: a regular expression (Unicode mode) that must match the whole
 * value. Throws an Error naming the problem for invalid syntax, and for a quantified group that
 * contains an open-ended quantifier (`(a+)+`), which can take exponential time on hostile input.
 *
 * @example compilePattern("^[^@]+@example\\.com$").test("a@example.com") // true
 */
export function compilePattern(pattern: string): RegExp {
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`, "u");
  } catch (error) {
    throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
  if (hasNestedQuantifier(pattern)) {
    throw new Error(
      `regular expression ${JSON.stringify(pattern)} repeats a group that itself repeats without bound, which can take exponential time`,
    );
  }
  return regex;
}

const OPEN_ENDED_BRACES = /^\{\d+,\}/;

function openEndedQuantifierAt(pattern: string, index: number): boolean {
  const char = pattern[index];
  return char === "+" || char === "*" || (char === "{" && OPEN_ENDED_BRACES.test(pattern.slice(index)));
}

/** Scans the pattern (skipping escapes and character classes) for `( … + … )+`-shaped groups. */
function hasNestedQuantifier(pattern: string): boolean {
  const groups: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (char === "]") inClass = false;
      continue;
    }
    if (char === "[") inClass = true;
    else if (char === "(") groups.push(false);
    else if (char === ")") {
      const repeatsInside = groups.pop() ?? false;
      const repeated = openEndedQuantifierAt(pattern, i + 1);
      if (repeatsInside && repeated) return true;
      if ((repeatsInside || repeated) && groups.length > 0) groups[groups.length - 1] = true;
    } else if (openEndedQuantifierAt(pattern, i) && groups.length > 0) {
      groups[groups.length - 1] = true;
    }
  }
  return false;
}
