/**
 * Characters that change what a path or URI means once some layer normalises them: control
 * characters, backslashes, invisible formatting characters and look-alikes of `/`, `\` and `.`.
 */

/** Look-alikes that Unicode compatibility normalisation (NFKC) leaves alone but "best fit" code-page mappings or eyes do not. */
const EXTRA_LOOKALIKES: ReadonlyMap<number, string> = new Map([
  [0x2215, "/"], // division slash
  [0x2044, "/"], // fraction slash
  [0x29f8, "/"], // big solidus
  [0x2571, "/"], // box drawings light diagonal upper right to lower left
  [0x1735, "/"], // philippine single punctuation
  [0x2216, "\\"], // set minus
  [0x29f5, "\\"], // reverse solidus operator
  [0x29f9, "\\"], // big reverse solidus
  [0x2572, "\\"], // box drawings light diagonal upper left to lower right
  [0x00a5, "\\"], // yen sign: backslash in Japanese code pages
  [0x20a9, "\\"], // won sign: backslash in Korean code pages
  [0x3002, "."], // ideographic full stop
  [0xff61, "."], // halfwidth ideographic full stop
  [0x0701, "."], // syriac supralinear full stop
  [0x0702, "."], // syriac sublinear full stop
  [0x2e3c, "."], // stenographic full stop
]);

const ALL_ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
const INVISIBLE_FORMAT = /\p{Cf}/u;

function hex(codePoint: number): string {
  return "U+" + codePoint.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * Why `text` is unsafe to judge as a path or URI, or undefined when it is safe: NUL bytes, other
 * control characters, backslashes, invisible formatting characters, and characters that look like
 * or normalise to `/`, `\` or `.`.
 *
 * @example findUnsafeCharacter("/srv/data\uFF0F..") // 'contains U+FF0F, a look-alike of "/"'
 */
export function findUnsafeCharacter(text: string): string | undefined {
  if (ALL_ASCII_PRINTABLE.test(text)) {
    return text.includes("\\") ? "contains a backslash, which some systems treat as a separator" : undefined;
  }
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint === 0) return "contains a NUL byte";
    if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) {
      return `contains the control character ${hex(codePoint)}`;
    }
    if (char === "\\") return "contains a backslash, which some systems treat as a separator";
    if (codePoint < 0x80) continue;
    if (INVISIBLE_FORMAT.test(char)) return `contains the invisible formatting character ${hex(codePoint)}`;
    const lookalike = EXTRA_LOOKALIKES.get(codePoint) ?? lookalikeByNormalisation(char);
    if (lookalike !== undefined) return `contains ${hex(codePoint)}, a look-alike of "${lookalike}"`;
  }
  return undefined;
}

function lookalikeByNormalisation(char: string): string | undefined {
  const normalised = char.normalize("NFKC");
  if (normalised === char) return undefined;
  for (const separator of ["/", "\\", "."]) {
    if (normalised.includes(separator)) return separator;
  }
  return undefined;
}
