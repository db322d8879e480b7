import { literalPattern } from "../content/literals.js";

/**
 * Finding the passages of a long text worth analysing. Rules are costly on 10 KB of text, and
 * every injection talks about instructions, prompts or the model, or uses chat markup, so one
 * pass over the text for those cue words (in the languages the rules cover) picks the passages
 * and the rules run on those alone. A text without a cue is clean.
 */
const CUES = [
  "ignor", "disregard", "forget", "instruc", "istruz", "anweisung", "overrid", "supersed", "prompt", "assistan",
  "asistent", "assistent", "agent", "llm", "language model", "claude", "gpt", "gemini", "copilot", "cursor",
  "model", "system", "<|", "[inst", "<<sys", "</user", "jailbr", "developer mode", "you are now", "you are no longer",
  "from now on", "user's", "olvid", "oubli", "vergiss", "dimentica", "esqueç", "grader", "忽略", "无视", "忘记",
  "指令", "指示", "無視", "무시", "지시", "игнор", "инструкц", "забуд", "the user", "summar", "your response",
  "your answer", "your reply", "removed by bastion", "end of", "[user", "[human", "instruk", "negeer", "abaikan",
  "talimat", "bỏ qua", "pre-approved", "給", "给", "ai", "ia", "ki", "bot",
];
// Short cues only count as whole words ("AI", not "again").
const WHOLE_WORD_CUES = new Set(["ai", "ia", "ki", "bot"]);
// Letters that disguise Latin words (Cyrillic or Greek inside a Latin word, fullwidth and
// mathematical letters): when present the text is normalised before the cue pass runs again.
const DISGUISED_LETTERS =
  "[\\u0370-\\u03ff\\u0400-\\u04ff](?:(?<=[a-z][\\u0370-\\u03ff\\u0400-\\u04ff])|(?=[a-z]))|[\\uff01-\\uff5e]|\\ud835[\\udc00-\\udfff]";
const CUE_SOURCE = `${literalPattern(CUES)}|${DISGUISED_LETTERS}`;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Where the cues are, or that the text needs normalising first. */
export interface CueScan {
  positions: number[];
  disguised: boolean;
}

/** Finds cue words; stops early when disguised letters call for normalisation. */
export function findCues(text: string): CueScan {
  const positions: number[] = [];
  const cues = new RegExp(CUE_SOURCE, "gi");
  for (let hit = cues.exec(text); hit; hit = cues.exec(text)) {
    const cue = hit[0].toLowerCase();
    if (!CUES.includes(cue) && !WHOLE_WORD_CUES.has(cue)) {
      if (/[\u0370-\u04ff\uff01-\uff5e\ud835]/.test(cue)) return { positions, disguised: true };
    }
    if (WHOLE_WORD_CUES.has(cue)) {
      const before = text.charAt(hit.index - 1);
      const after = text.charAt(hit.index + cue.length);
      if ((before && WORD_CHAR.test(before)) || (after && WORD_CHAR.test(after))) continue;
    }
    positions.push(hit.index);
  }
  return { positions, disguised: false };
}

/** Merged `[start, end)` ranges of `radius` characters around each position. */
export function passagesAround(positions: readonly number[], length: number, radius: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (const position of positions) {
    const start = Math.max(0, position - radius);
    const end = Math.min(length, position + radius);
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}

/**
 * Ranges of code in markdown or HTML (fenced blocks, `<pre>` and `<code>` elements): text there
 * is quoted, as in an advisory showing an attack payload, not addressed to the reader.
 */
export function codeRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  if (text.includes("```") || text.includes("~~~")) {
    let open: { marker: string; start: number } | undefined;
    for (const fence of text.matchAll(/^[ \t]{0,3}(`{3,}|~{3,})/gm)) {
      const marker = (fence[1] ?? "").slice(0, 3);
      if (!open) open = { marker, start: fence.index };
      else if (open.marker === marker) {
        ranges.push([open.start, fence.index + fence[0].length]);
        open = undefined;
      }
    }
    if (open) ranges.push([open.start, text.length]);
  }
  if (/<(?:pre|code)\b/i.test(text)) {
    for (const element of text.matchAll(/<(pre|code)\b[\s\S]*?<\/\1\s*>/gi)) {
      ranges.push([element.index, element.index + element[0].length]);
    }
  }
  return ranges;
}

// Inline code, and a phrase quoted as an example ("a phrase like "ignore previous instructions"").
const QUOTED =
  /`[^`\n]{1,300}`|(?:such as|like|e\.g\.,?|for example,?|phrases?|the string|the text|payloads?|saying|says|wrote)[:,]?\s*(?:"[^"\n]{3,300}"|“[^”\n]{3,300}”|'[^'\n]{3,300}')/g;

/**
 * The passage `[start, end)` prepared for the rules: lower case, curly apostrophes straightened,
 * code and quoted examples blanked out (same length, so offsets still line up).
 */
export function preparePassage(text: string, start: number, end: number, code: readonly [number, number][]): string {
  let passage = text.slice(start, end).toLowerCase();
  if (passage.length !== end - start) passage = text.slice(start, end);
  passage = passage.replace(/[’‘]/g, "'");
  for (const [from, to] of code) {
    if (to <= start || from >= end) continue;
    const a = Math.max(from, start) - start;
    const b = Math.min(to, end) - start;
    passage = passage.slice(0, a) + " ".repeat(b - a) + passage.slice(b);
  }
  return passage.replace(QUOTED, (quoted) => " ".repeat(quoted.length));
}
