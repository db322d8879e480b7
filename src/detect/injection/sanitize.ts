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

// Code points the strippers act on: C0/C1 controls (ESC included), zero-width, bidi and invisible
// operators; soft hyphen, Hangul fillers and other blanks; variation selectors and the BOM; and the
// lead surrogates of tag characters (U+E00xx) and shorthand format controls. Split in two classes
// and two literal searches because one class with all of them scans two-byte strings ten times
// slower; a carriage return that overwrites its line is checked apart.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS_AND_FORMAT = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f]/;
// Each code point is looked for on its own, so a combining one needs no base character here.
/* eslint-disable no-misleading-character-class */
const BLANKS_AND_SELECTORS =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u3164\ufe00-\ufe0f\ufeff\uffa0]/;
/* eslint-enable no-misleading-character-class */

function needsStripping(text: string): boolean {
  return (
    CONTROLS_AND_FORMAT.test(text) ||
    BLANKS_AND_SELECTORS.test(text) ||
    text.includes("\udb40") ||
    text.includes("\ud82f") ||
    (text.includes("\r") && /\r(?!\n)/.test(text))
  );
}

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
  if (needsStripping(text)) {
    const terminal = stripTerminalEscapes(text);
    if (terminal.finding) {
      text = terminal.text;
      const { index, count, evidence, concealed } = terminal.finding;
      findings.push({
        category: "sanitized",
        kind: "terminal-escapes",
        start: index,
        end: index,
        evidence: `${count} ${evidence}`,
      });
      if (concealed) hidden.push(concealed);
    }
    const invisible = stripInvisible(text);
    if (invisible.findings.length > 0) {
      text = invisible.text;
      for (const found of invisible.findings) {
        findings.push({
          category: "sanitized",
          kind: found.kind,
          start: found.index,
          end: found.index,
          evidence: found.evidence,
        });
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
