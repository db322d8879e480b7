import type { Finding } from "../content/finding.js";
import { stripInvisible, stripTerminalEscapes } from "../text/index.js";
import { neutralizeExfiltrationLinks } from "./markdown.js";

/** Untrusted text made safe to pass on, with what was removed and what it hid. */
export interface SanitizedText {
  text: string;
  /** One finding per kind of thing removed (category `sanitized`). */
  findings: Finding[];
  /** Text that invisible characters or concealed terminal output carried, for injection analysis. */
  hidden: string[];
}

// Any code point the strippers act on: C0/C1 controls (ESC included), soft hyphen, zero-width and
// bidi controls, variation selectors, BOM, Hangul fillers, tag characters (U+E00xx), and a
// carriage return that overwrites its line.
const NEEDS_STRIPPING =
  /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|\ud82f[\udca0-\udca3]|\udb40[\udc00-\udfff]|\r(?!\n)/;

/**
 * Makes untrusted text (a tool result, a resource) safe to hand to a model or a terminal:
 * removes ANSI/VT escape sequences and invisible characters (keeping the ones with a real job,
 * such as emoji joiners), and replaces markdown images and links whose address carries data in
 * its query string. Returns the very same string when there is nothing to do.
 *
 * @example sanitizeUntrustedText("\u001b[8mhidden\u001b[0m").hidden // ["hidden"]
 */
export function sanitizeUntrustedText(input: string): SanitizedText {
  const findings: Finding[] = [];
  const hidden: string[] = [];
  let text = input;
  if (NEEDS_STRIPPING.test(text)) {
    const terminal = stripTerminalEscapes(text);
    if (terminal.finding) {
      text = terminal.text;
      const { index, count, evidence, concealed } = terminal.finding;
      findings.push({ category: "sanitized", kind: "terminal-escapes", start: index, end: index, evidence: `${count} ${evidence}` });
      if (concealed) hidden.push(concealed);
    }
    const invisible = stripInvisible(text);
    if (invisible.findings.length > 0) {
      text = invisible.text;
      for (const found of invisible.findings) {
        findings.push({ category: "sanitized", kind: found.kind, start: found.index, end: found.index, evidence: found.evidence });
        if (found.decoded) hidden.push(found.decoded);
      }
    }
  }
  const links = neutralizeExfiltrationLinks(text);
  if (links.findings.length > 0) {
    text = links.text;
    findings.push(...links.findings);
  }
  return { text: findings.length === 0 ? input : text, findings, hidden };
}
