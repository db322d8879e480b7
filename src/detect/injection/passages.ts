import { literalPattern, type LiteralHits } from "../content/literals.js";

/**
 * Finding the passages of a long text worth analysing. Rules are costly on 10 KB of text, and
 * every injection talks about instructions, prompts or the model, or uses chat markup, so one
 * pass over the lower-cased text for cue words (in the languages the rules cover) picks the
 * passages, and the rules run on those alone. A strong cue ("instructions", "assistant", "<|")
 * is enough for a passage; weak cues ("ignore", "system", "the user") are everyday words and
 * count only in pairs of different ones. A text without enough cues is clean.
 */
const STRONG_CUES = [
  "disregard",
  "instruc",
  "istruz",
  "anweisung",
  "overrid",
  "supersed",
  "prompt",
  "assistan",
  "asistent",
  "assistent",
  "llm",
  "language model",
  "claude",
  "gpt",
  "gemini",
  "copilot",
  "<|",
  "[inst",
  "<<sys",
  "</user",
  "jailbr",
  "developer mode",
  "you are now",
  "you are no longer",
  "from now on",
  "olvid",
  "oubli",
  "vergiss",
  "dimentica",
  "esqueç",
  "instruç",
  "grader",
  "removed by bastion",
  "[user",
  "[human",
  "instruk",
  "negeer",
  "abaikan",
  "talimat",
  "bỏ qua",
  "pre-approved",
  "system:",
  "system message",
  "system notice",
  "system override",
  "system prompt",
  "忽略",
  "无视",
  "忘记",
  "指令",
  "指示",
  "無視",
  "무시",
  "지시",
  "игнор",
  "инструкц",
  "забуд",
  "給",
  "给",
];
const WEAK_CUES = [
  "ignor",
  "forget",
  "agent",
  "model",
  "system",
  "the user",
  "user's",
  "summar",
  "your response",
  "your answer",
  "your reply",
  "end of",
  "cursor",
  "you were told",
  "your new",
  "your real",
  "your only",
  "your task",
  "instead",
  "guideline",
  "previous",
  "prior",
  "anterior",
  "précéd",
  "vorherig",
  "precedent",
];
// Short cues that only count as whole words ("AI", not "again"); all strong.
const WORD_CUES = new Set(["ai", "ia", "ki", "bot"]);
/** Every cue word, lower case, for callers that scan a text once for several detectors. */
export const INJECTION_CUES: readonly string[] = [...STRONG_CUES, ...WEAK_CUES, ...WORD_CUES];
const CUE_PATTERN = literalPattern(INJECTION_CUES);
const CUES = new Set(INJECTION_CUES);
const WEAK = new Set(WEAK_CUES);
const WORD_CHAR = /[\p{L}\p{N}]/u;

// Letters that disguise Latin words: Cyrillic or Greek inside a Latin word, fullwidth forms and
// mathematical alphanumerics. One cheap class finds candidates; the exact test runs only then.
const DISGUISE_CANDIDATES = /[\u0370-\u04ff\uff01-\uff5e]/;
const DISGUISED =
  /[a-z][\u0370-\u03ff\u0400-\u04ff]|[\u0370-\u03ff\u0400-\u04ff][a-z]|[\uff21-\uff3a\uff41-\uff5a]{2}|\ud835[\udc00-\udfff]/i;

/** Whether the text hides Latin words behind look-alike letters and must be normalised first. */
export function hasDisguisedLetters(text: string): boolean {
  return (DISGUISE_CANDIDATES.test(text) || text.includes("\ud835")) && DISGUISED.test(text);
}

/** One cue found in the text. */
interface Cue {
  at: number;
  word: string;
  weak: boolean;
}

/**
 * Finds cue words in `lower` (the lower-cased text, same length as the text), or takes them from
 * `hits` when a shared pass over `lower` already found them.
 */
export function findCues(lower: string, hits?: LiteralHits): Cue[] {
  const cues: Cue[] = [];
  const consider = (word: string, at: number) => {
    if (WORD_CUES.has(word)) {
      const before = lower.charAt(at - 1);
      const after = lower.charAt(at + word.length);
      if ((before && WORD_CHAR.test(before)) || (after && WORD_CHAR.test(after))) return;
    }
    cues.push({ at, word, weak: WEAK.has(word) });
  };
  if (hits) {
    for (const [word, positions] of hits) if (CUES.has(word)) for (const at of positions) consider(word, at);
    return cues.sort((a, b) => a.at - b.at);
  }
  const finder = new RegExp(CUE_PATTERN, "g");
  for (let hit = finder.exec(lower); hit; hit = finder.exec(lower)) consider(hit[0], hit.index);
  return cues;
}

/**
 * Passages `[start, end)` of about `2 × radius` characters around the cues, each kept only if it
 * holds a strong cue or two different weak ones. Passages do not grow without bound: a new one
 * starts at the first cue past the end of the previous one.
 */
export function passagesAround(cues: readonly Cue[], length: number, radius: number): [number, number][] {
  const passages: [number, number][] = [];
  let index = 0;
  while (index < cues.length) {
    const first = cues[index] as Cue;
    const start = Math.max(0, first.at - radius);
    const end = Math.min(length, first.at + radius);
    let strong = false;
    const weak = new Set<string>();
    for (const cue of cues) {
      if (cue.at < start || cue.at >= end) continue;
      if (cue.weak) weak.add(cue.word);
      else strong = true;
    }
    if (strong || weak.size >= 2) passages.push([start, end]);
    while (index < cues.length && (cues[index] as Cue).at < end) index++;
  }
  return passages;
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
  if (text.includes("<pre") || text.includes("<code") || text.includes("<PRE") || text.includes("<CODE")) {
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
 * The passage `[start, end)` of `lower` prepared for the rules: curly apostrophes straightened,
 * code and quoted examples blanked out (same length, so offsets still line up).
 */
export function preparePassage(
  lower: string,
  start: number,
  end: number,
  code: readonly [number, number][],
): string {
  let passage = lower.slice(start, end).replace(/[’‘]/g, "'");
  for (const [from, to] of code) {
    if (to <= start || from >= end) continue;
    const a = Math.max(from, start) - start;
    const b = Math.min(to, end) - start;
    passage = passage.slice(0, a) + " ".repeat(b - a) + passage.slice(b);
  }
  return passage.replace(QUOTED, (quoted) => " ".repeat(quoted.length));
}
