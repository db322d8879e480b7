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

// Character classes of ASCII code units, one bit each.
const BASE64 = 1; // A-Z a-z 0-9 + /
const URL_SAFE = 2; // _ -
const HEX = 4; // 0-9 A-F a-f
const GAP = 8; // space or colon, between hex pairs
const CLASSES = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const ch = String.fromCharCode(code);
  if (/[A-Za-z0-9+/]/.test(ch)) CLASSES[code] = (CLASSES[code] ?? 0) | BASE64;
  if (/[_-]/.test(ch)) CLASSES[code] = (CLASSES[code] ?? 0) | URL_SAFE;
  if (/[0-9A-Fa-f]/.test(ch)) CLASSES[code] = (CLASSES[code] ?? 0) | HEX;
  if (/[ :]/.test(ch)) CLASSES[code] = (CLASSES[code] ?? 0) | GAP;
}

function classOf(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code < 128 ? (CLASSES[code] ?? 0) : 0;
}

// What one pass over a text finds, one bit each.
const URL_BASE64_RUN = 1; // 16 of [A-Za-z0-9+/_-] in a row
const BASE64_RUN_16 = 2; // 16 of [A-Za-z0-9+/] in a row
const HEX_RUN_16 = 4; // 16 hex digits in a row
const PERCENT_SIGN = 8; // %
const PERCENT_ESCAPE = 16; // % and two hex digits
const ENTITY = 32; // &#
const BACKSLASH_U = 64; // \u
const BACKSLASH_X = 128; // \x
const HEX_PAIRS_2 = 256; // two hex pairs, each followed by a space or colon
const HEX_PAIRS_4 = 512; // four hex pairs separated by spaces or colons

/** Every encoded run needs one of these, so plain text costs this single scan. */
const ANY_ENCODING = URL_BASE64_RUN | PERCENT_ESCAPE | ENTITY | BACKSLASH_U | BACKSLASH_X | HEX_PAIRS_2;

/**
 * One pass that finds what each decoder's run needs (see the flags above), so plain text, and
 * text without what a given decoder needs, costs a single scan.
 */
function encodingHints(text: string): number {
  const length = text.length;
  let hints = 0;
  let urlRun = 0;
  let base64Run = 0;
  let hexRun = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? (CLASSES[code] ?? 0) : 0;
    urlRun = kind & (BASE64 | URL_SAFE) ? urlRun + 1 : 0;
    base64Run = kind & BASE64 ? base64Run + 1 : 0;
    hexRun = kind & HEX ? hexRun + 1 : 0;
    if (urlRun >= 16) hints |= URL_BASE64_RUN;
    if (base64Run >= 16) hints |= BASE64_RUN_16;
    if (hexRun >= 16) hints |= HEX_RUN_16;
    if (code === 0x25) {
      hints |= PERCENT_SIGN;
      if (classOf(text, i + 1) & HEX && classOf(text, i + 2) & HEX) hints |= PERCENT_ESCAPE;
    } else if (code === 0x26) {
      if (text.charCodeAt(i + 1) === 0x23) hints |= ENTITY;
    } else if (code === 0x5c) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x75) hints |= BACKSLASH_U;
      else if (next === 0x78) hints |= BACKSLASH_X;
    } else if (kind & HEX && classOf(text, i + 2) & GAP && classOf(text, i + 1) & HEX) {
      if (classOf(text, i + 3) & HEX && classOf(text, i + 4) & HEX && classOf(text, i + 5) & GAP) {
        hints |= HEX_PAIRS_2;
        if (
          classOf(text, i + 6) & HEX &&
          classOf(text, i + 7) & HEX &&
          classOf(text, i + 8) & GAP &&
          classOf(text, i + 9) & HEX &&
          classOf(text, i + 10) & HEX
        )
          hints |= HEX_PAIRS_4;
      }
    }
  }
  return hints;
}

// Each decoder needs one of these hints before its run pattern is worth trying.
const DECODERS: Array<[Encoding, number, RegExp, (raw: string) => string | undefined]> = [
  ["base64", BASE64_RUN_16, BASE64_RUN, decodeBase64],
  ["hex", BACKSLASH_X | HEX_RUN_16 | HEX_PAIRS_4, HEX_RUN, decodeHex],
  ["percent-encoding", PERCENT_SIGN, PERCENT_RUN, decodePercent],
  ["html-entities", ENTITY, HTML_ENTITY_RUN, decodeHtmlEntities],
  ["unicode-escapes", BACKSLASH_U, UNICODE_ESCAPE_RUN, decodeUnicodeEscapes],
];

/**
 * Finds runs of `text` in each supported encoding that decode to readable text, in order of
 * position. Overlapping candidates keep the first encoding that decodes (hex before base64 is not
 * needed: a hex run rarely decodes as base64 to readable text).
 */
export function findEncodedRuns(text: string): EncodedRun[] {
  const runs: EncodedRun[] = [];
  const hints = encodingHints(text);
  if ((hints & ANY_ENCODING) === 0) return runs;
  for (const [encoding, needs, pattern, decode] of DECODERS) {
    if ((hints & needs) === 0) continue;
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
