import { isUtf8 } from "node:buffer";

/**
 * Encoded runs: base64, hex, percent-encoding, HTML numeric entities and `\uXXXX` escapes that
 * decode to readable text. Runs that decode to binary (hashes, ids, keys) are ignored.
 */

/** Encodings this module decodes. */
export type Encoding = "base64" | "hex" | "percent-encoding" | "html-entities" | "unicode-escapes";

/** One run of the input that decoded to readable text. */
export interface EncodedRun {
  encoding: Encoding;
  /** UTF-16 offsets of the run in the input. */
  start: number;
  end: number;
  /** The run as written. */
  raw: string;
  /** What it decodes to. */
  decoded: string;
}

const BASE64_RUN = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_RUN =
  /(?:\\x[0-9a-fA-F]{2}){6,}|(?<![0-9a-zA-Z])(?:0x)?(?:[0-9a-fA-F]{2}[ :]?){8,}(?![0-9a-zA-Z])/g;
const PERCENT_RUN = /[^\s%]*(?:%[0-9a-fA-F]{2}[^\s%]*){3,}/g;
const HTML_ENTITY_RUN = /(?:&#(?:x[0-9a-fA-F]{1,6}|[0-9]{1,7});){4,}/g;
const UNICODE_ESCAPE_RUN = /(?:\\u[0-9a-fA-F]{4}|\\u\{[0-9a-fA-F]{1,6}\}){4,}/g;

/** True when `text` reads as text: mostly letters, digits, punctuation and spaces, no controls. */
export function isReadableText(text: string): boolean {
  if (text.length < 6) return false;
  // eslint-disable-next-line no-control-regex -- decoded binary shows up as control characters
  if (/[\x00-\x08\x0e-\x1f\x7f\ufffd]/.test(text)) return false;
  const readable = text.match(/[\p{L}\p{N}\p{P}\s$+<=>^`|~]/gu)?.length ?? 0;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return readable / [...text].length >= 0.95 && letters / [...text].length >= 0.5;
}

// One decoder for every call: without streaming, each decode starts afresh.
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

function utf8(bytes: Uint8Array): string | undefined {
  // Most candidate runs are identifiers that decode to binary; checking first spares the thrown error.
  return isUtf8(bytes) ? STRICT_UTF8.decode(bytes) : undefined;
}

function decodeBase64(raw: string): string | undefined {
  // Mixed letters and digits or symbols: plain words and identifiers are not worth decoding.
  if (!/[0-9+/_-]/.test(raw) && !/[A-Z].*[a-z].*[A-Z]/.test(raw)) return undefined;
  const body = raw.replace(/=+$/, "");
  if (body.length % 4 === 1) return undefined;
  return utf8(Buffer.from(body, "base64"));
}

function decodeHex(raw: string): string | undefined {
  const digits = raw.replace(/\\x|0x|[ :]/g, "");
  if (digits.length % 2 !== 0) return undefined;
  return utf8(Buffer.from(digits, "hex"));
}

function decodePercent(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

function decodeHtmlEntities(raw: string): string | undefined {
  const codePoints = [...raw.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)].map((m) => {
    const value = m[1] ?? "";
    return value.startsWith("x") ? parseInt(value.slice(1), 16) : parseInt(value, 10);
  });
  if (codePoints.some((cp) => cp > 0x10ffff)) return undefined;
  return String.fromCodePoint(...codePoints);
}

function decodeUnicodeEscapes(raw: string): string | undefined {
  const codePoints = [...raw.matchAll(/\\u\{?([0-9a-fA-F]{1,6})\}?/g)].map((m) => parseInt(m[1] ?? "0", 16));
  if (codePoints.some((cp) => cp > 0x10ffff)) return undefined;
  return String.fromCharCode(...codePoints.filter((cp) => cp <= 0xffff));
}

function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

function isBase64Url(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2b ||
    code === 0x2f ||
    code === 0x5f ||
    code === 0x2d
  );
}

/**
 * One pass that every encoded run needs to pass, so plain text costs a single scan: sixteen
 * base64 characters in a row, `%` and two hex digits, `&#`, `\u` or `\x`, or two hex pairs each
 * followed by a space or colon.
 */
function mayHoldEncoding(text: string): boolean {
  const length = text.length;
  let run = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (isBase64Url(code)) {
      if (++run >= 16) return true;
    } else run = 0;
    if (code === 0x25) {
      if (isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) return true;
    } else if (code === 0x26) {
      if (text.charCodeAt(i + 1) === 0x23) return true;
    } else if (code === 0x5c) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x75 || next === 0x78) return true;
    } else if (isHex(code) && isHex(text.charCodeAt(i + 1))) {
      const gap = text.charCodeAt(i + 2);
      const gap2 = text.charCodeAt(i + 5);
      if (
        (gap === 0x20 || gap === 0x3a) &&
        isHex(text.charCodeAt(i + 3)) &&
        isHex(text.charCodeAt(i + 4)) &&
        (gap2 === 0x20 || gap2 === 0x3a)
      )
        return true;
    }
  }
  return false;
}

// Each decoder has a cheap test that must pass before its run pattern is worth trying.
const DECODERS: Array<[Encoding, (text: string) => boolean, RegExp, (raw: string) => string | undefined]> = [
  ["base64", (t) => t.length >= 16 && /[A-Za-z0-9+/]{16}/.test(t), BASE64_RUN, decodeBase64],
  [
    "hex",
    (t) =>
      t.includes("\\x") ||
      /[0-9a-fA-F]{16}|[0-9a-fA-F]{2}[ :][0-9a-fA-F]{2}[ :][0-9a-fA-F]{2}[ :][0-9a-fA-F]{2}/.test(t),
    HEX_RUN,
    decodeHex,
  ],
  ["percent-encoding", (t) => t.includes("%"), PERCENT_RUN, decodePercent],
  ["html-entities", (t) => t.includes("&#"), HTML_ENTITY_RUN, decodeHtmlEntities],
  ["unicode-escapes", (t) => t.includes("\\u"), UNICODE_ESCAPE_RUN, decodeUnicodeEscapes],
];

/**
 * Finds runs of `text` in each supported encoding that decode to readable text, in order of
 * position. Overlapping candidates keep the first encoding that decodes (hex before base64 is not
 * needed: a hex run rarely decodes as base64 to readable text).
 */
export function findEncodedRuns(text: string): EncodedRun[] {
  const runs: EncodedRun[] = [];
  if (!mayHoldEncoding(text)) return runs;
  for (const [encoding, worthTrying, pattern, decode] of DECODERS) {
    if (!worthTrying(text)) continue;
    for (const match of text.matchAll(pattern)) {
      const raw = match[0];
      const start = match.index ?? 0;
      const end = start + raw.length;
      if (runs.some((r) => start < r.end && end > r.start)) continue;
      const decoded = decode(raw);
      if (decoded === undefined || decoded === raw || !isReadableText(decoded)) continue;
      runs.push({ encoding, start, end, raw, decoded });
    }
  }
  return runs.sort((a, b) => a.start - b.start);
}
