// Loads the injection evaluation corpus: attacks.txt (content carrying instructions for the
// model) and benign.txt (content carrying instructions for people), with obfuscation markers
// expanded into the characters they stand for.
import { readFileSync } from "node:fs";

export interface InjectionSample {
  /** Where such content comes from: web, email, issue, file, tool, readme, recipe... */
  source: string;
  description: string;
  text: string;
  malicious: boolean;
  /**
   * `tuning`, `round2` and `round3` samples shaped the rules (rounds 2 and 3 were first measured
   * as held-out sets, then used to widen the rules); `holdout` samples were written last and
   * never changed a rule.
   */
  split: "tuning" | "round2" | "round3" | "holdout";
}

const HOMOGLYPHS: Record<string, string> = { a: "а", e: "е", o: "о", i: "і", c: "с", p: "р" };

const EXPANSIONS: Record<string, (text: string) => string> = {
  // Unicode tag characters mirror ASCII and render as nothing.
  tags: (text) => [...text].map((char) => String.fromCodePoint(0xe0000 + (char.codePointAt(0) ?? 0))).join(""),
  zw: (text) => [...text].join("\u200b"),
  homoglyphs: (text) => text.replace(/[aeoicp]/g, (char) => HOMOGLYPHS[char] ?? char),
  conceal: (text) => `\u001b[8m${text}\u001b[0m`,
  ansi: (text) => `\u001b[1;32m${text}\u001b[0m`,
};

function expand(text: string): string {
  return text.replace(/\{\{(\w+):([^}]*)\}\}/g, (whole, name: string, inner: string) => {
    const expansion = EXPANSIONS[name];
    if (!expansion) throw new Error(`the injection corpus uses an unknown marker: ${whole}`);
    return expansion(inner);
  });
}

function load(file: string, malicious: boolean, split: InjectionSample["split"]): InjectionSample[] {
  const raw = readFileSync(new URL(file, import.meta.url), "utf8");
  const samples: InjectionSample[] = [];
  for (const section of raw.split(/^=== /m).slice(1)) {
    const newline = section.indexOf("\n");
    const heading = section.slice(0, newline);
    const colon = heading.indexOf(":");
    if (colon < 0) throw new Error(`${file}: a sample heading has no "source:" prefix: ${heading}`);
    samples.push({
      source: heading.slice(0, colon).trim(),
      description: heading.slice(colon + 1).trim(),
      text: expand(section.slice(newline + 1).replace(/\n+$/, "\n")),
      malicious,
      split,
    });
  }
  return samples;
}

/** Every sample of the corpus, attacks first. */
export function injectionSamples(): InjectionSample[] {
  return [
    ...load("attacks.txt", true, "tuning"),
    ...load("attacks-round2.txt", true, "round2"),
    ...load("attacks-round3.txt", true, "round3"),
    ...load("attacks-holdout.txt", true, "holdout"),
    ...load("benign.txt", false, "tuning"),
    ...load("benign-round2.txt", false, "round2"),
    ...load("benign-round3.txt", false, "round3"),
    ...load("benign-holdout.txt", false, "holdout"),
  ];
}
