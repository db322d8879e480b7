/**
 * Terminal control sequences: ANSI/VT escapes and carriage returns that overwrite a line. In a
 * terminal they hide or rewrite text (SGR 8 conceals it, cursor moves and erases paint over it),
 * so what a person reviews differs from what the model reads.
 */

/** What stripping terminal sequences found. */
export interface TerminalFinding {
  count: number;
  /** UTF-16 index of the first sequence in the input. */
  index: number;
  /** Which effects the sequences have, for example `conceal, cursor movement`. */
  evidence: string;
  /** Text written while concealment (SGR 8) was on, when there is any. */
  concealed?: string;
}

/** The input without terminal sequences, and what was removed. */
export interface TerminalScan {
  text: string;
  finding?: TerminalFinding;
}

// CSI (ESC [ or 8-bit 0x9B), OSC (ESC ] ... BEL or ST), and the two-byte ESC forms.
const SEQUENCE =
  // eslint-disable-next-line no-control-regex -- matching control sequences is the point
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[P^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]/g;
const LONE_CARRIAGE_RETURN = /\r(?!\n)/g;

function describe(sequence: string): string {
  if (sequence.startsWith("\x1b]") || sequence.startsWith("\x9d")) return "operating system command";
  const final = sequence[sequence.length - 1] ?? "";
  if (final === "m") return /(?:^|[;[])8(?:;|m)/.test(sequence) ? "conceal" : "colour or style";
  if ("ABCDEFGHfsu".includes(final)) return "cursor movement";
  if ("JKPX@".includes(final)) return "erase";
  return "control sequence";
}

/** Text between an SGR 8 (conceal) and the next SGR that resets it. */
function concealedText(text: string): string | undefined {
  const pieces: string[] = [];
  // eslint-disable-next-line no-control-regex -- matching control sequences is the point
  const conceal = /\x1b\[(?:[0-9;]*;)?8(?:;[0-9;]*)?m([^\x1b]*)/g;
  for (const match of text.matchAll(conceal)) {
    const piece = (match[1] ?? "").trim();
    if (piece) pieces.push(piece);
  }
  return pieces.length ? pieces.join(" ") : undefined;
}

/**
 * Removes ANSI/VT escape sequences and turns carriage returns that overwrite a line into line
 * breaks, reporting what kinds of effect were present.
 */
export function stripTerminalEscapes(text: string): TerminalScan {
  if (!text.includes("\x1b") && !text.includes("\r") && !/[\x9b\x9d]/.test(text)) return { text };
  const effects = new Set<string>();
  let count = 0;
  let index = -1;
  const note = (effect: string, at: number): void => {
    effects.add(effect);
    count += 1;
    if (index < 0 || at < index) index = at;
  };
  const concealed = concealedText(text);
  let stripped = text.replace(SEQUENCE, (sequence, at: number) => {
    note(describe(sequence), at);
    return "";
  });
  stripped = stripped.replace(LONE_CARRIAGE_RETURN, (_match, at: number) => {
    note("carriage return overwrite", at);
    return "\n";
  });
  if (count === 0) return { text };
  const finding: TerminalFinding = { count, index, evidence: [...effects].join(", ") };
  if (concealed) finding.concealed = concealed;
  return { text: stripped, finding };
}
