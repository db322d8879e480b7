/**
 * Tests that tell a real credential from something shaped like one: documentation examples,
 * placeholders, masked values and low-entropy filler. Shared by every secret rule.
 */

/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

// Words that mark a value as an example or a template rather than a live credential.
const PLACEHOLDER_WORDS =
  /example|sample|dummy|placeholder|your|redacted|changeme|change_me|replace|insert|password|secret|xxxx|\*\*|\.\.\.|…|<|>|\$\{|\{\{|%s|todo|fixme/i;
// Credentials printed in vendors' own documentation.
const DOCUMENTED_EXAMPLES = new Set([
  "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", // Telegram Bot API
  "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", // jwt.io sample signature
]);
const SAME_CHAR_RUN = /(.)\1{5,}/;
const SEQUENCES = ["0123456", "1234567", "2345678", "3456789", "abcdefg", "bcdefgh", "cdefghi", "qwertyu"];

/**
 * Whether a candidate secret is a documentation example, a placeholder or filler
 * (e.g. `AKIAIOSFODNN7EXAMPLE`, `<YOUR_API_KEY>`, `ghp_xxxxxxxx…`, `sk_live_1234567…`).
 */
export function isPlaceholder(value: string): boolean {
  if (DOCUMENTED_EXAMPLES.has(value) || PLACEHOLDER_WORDS.test(value) || SAME_CHAR_RUN.test(value))
    return true;
  const lower = value.toLowerCase();
  return SEQUENCES.some((sequence) => lower.includes(sequence));
}

// Code references such as `process.env.API_KEY` or `settings.db.password` start with a lower-case name.
const DOTTED_IDENTIFIER = /^[a-z_$][a-z0-9_$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const WORDS = /^[a-z]+(?:[_-][a-z]+)*$/i;
const DIGITS = /^[\d.:-]+$/;
const VERSION = /^v?\d+(?:\.\d+)+(?:[-+][\w.]+)?$/;
// Keys that are public by design or only reach test data.
const PUBLIC_KEY_PREFIX = /^(?:pk_(?:live|test)_|[sr]k_test_)/;
const KEYWORD_VALUES =
  /^(?:true|false|null|nil|none|undefined|required|optional|string|boolean|number|hidden)$/i;

// A file path ("/Users/ana", "./config/dev.json", "~/.ssh/id_rsa").
const PATH = /^(?:~|\.{1,2})?\/[\w.@/-]*$/;
// Source code: operators, interpolation, negation, optional chaining, assignment inside the value,
// regular-expression character classes.
const CODE =
  /\s[-+*/|&?:]{1,3}\s|\$\{|\(\$|\?\.|!==?|===?|^!{1,2}(?:\d|[a-z_$][\w$]*(?:\.[\w$]+)*)$|\|\||&&|\?\?|=[^=]|\[[^\]]*\]/;
// A sentence ("please hide me"), not a secret.
const SENTENCE = /^[A-Za-z]+(?: [A-Za-z]+)+$/;

/**
 * Whether a value is a name made of words, as code uses them: `ArrowToken$1`,
 * `clientInformation.client_secret`, `NodeJS.ArrayBufferView`. Random strings split into
 * vowel-less or one-letter pieces, which words do not.
 */
export function looksLikeIdentifier(value: string): boolean {
  const body = value.replace(/\$?\d+$/, "");
  if (!/^[A-Za-z_$][\w$.?-]*$/.test(body)) return false;
  const parts = body
    .split(/[._$?-]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .filter((part) => part.length > 0);
  const acronyms = parts.filter((part) => /^[A-Z]{1,4}$/.test(part)).length;
  if (parts.length === 0 || acronyms > 1) return false;
  return parts.every(
    (part) => /^[A-Z]{1,4}$/.test(part) || (/^[A-Za-z][a-z]+$/.test(part) && /[aeiou]/i.test(part)),
  );
}

/** `internalRe.t`, `options.maxTokens`: a property of a named object. */
function isMemberAccess(value: string): boolean {
  const [head, ...rest] = value.split(".");
  return (
    rest.length > 0 &&
    looksLikeIdentifier(head ?? "") &&
    rest.every((part) => /^[A-Za-z_$][\w$]*$/.test(part))
  );
}

/**
 * Whether the value assigned to a `password=` / `secret:` style key looks like a real secret:
 * long enough, varied enough, and not an identifier, an expression, a path, an environment
 * variable name, a URL or a word.
 */
export function looksLikeAssignedSecret(value: string): boolean {
  if (value.length < 10 || value.includes("://") || PATH.test(value) || CODE.test(value)) return false;
  if (SENTENCE.test(value) || looksLikeIdentifier(value) || isMemberAccess(value)) return false;
  if (DOTTED_IDENTIFIER.test(value) || CONSTANT_NAME.test(value) || WORDS.test(value)) return false;
  if (
    DIGITS.test(value) ||
    VERSION.test(value) ||
    KEYWORD_VALUES.test(value) ||
    PUBLIC_KEY_PREFIX.test(value)
  )
    return false;
  if (isPlaceholder(value)) return false;
  const hasLower = /[a-z]/.test(value);
  const hasUpper = /[A-Z]/.test(value);
  const hasDigit = /\d/.test(value);
  const hasSymbol = /[^A-Za-z0-9]/.test(value);
  const classes = Number(hasLower) + Number(hasUpper) + Number(hasDigit) + Number(hasSymbol);
  if (classes < 2) return false;
  if (!hasDigit && !hasSymbol && !hasMixedCaseNoise(value)) return false;
  return shannonEntropy(value) >= 3;
}

// Letters-only values are camelCase identifiers unless upper and lower case are interleaved.
function hasMixedCaseNoise(value: string): boolean {
  const upper = value.replace(/[^A-Z]/g, "").length;
  return upper >= 3 && upper / value.length >= 0.25 && upper / value.length <= 0.75;
}
