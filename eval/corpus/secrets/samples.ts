// Builds the secrets evaluation corpus: fake credentials of every kind placed in realistic
// carriers, and look-alikes placed in the same carriers.
import { readFileSync } from "node:fs";
import { FAKE_CREDENTIALS, FakeRandom, LOOKALIKES } from "./fakes.js";

export interface ExpectedSecret {
  kind: string;
  start: number;
  end: number;
}

export interface SecretSample {
  text: string;
  /** The credential the sample was built around; absent for look-alikes. */
  main?: ExpectedSecret;
  /** Every credential placed in the sample, the main one included. */
  expected: ExpectedSecret[];
  /** Snippet or look-alike template the sample came from. */
  template: string;
}

function corpusFile(name: string): string {
  return readFileSync(new URL(name, import.meta.url), "utf8");
}

function meaningfulLines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "" && !/^#(?: |$)/.test(line));
}

/** Snippet templates per kind, from snippets.txt. */
export function loadSnippets(): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of meaningfulLines(corpusFile("snippets.txt"))) {
    if (line.startsWith("## ")) {
      current = [];
      sections.set(line.slice(3).trim(), current);
    } else if (current) {
      current.push(line);
    }
  }
  return sections;
}

/** Carrier texts from carriers.txt, each holding one `{{snippet}}`. */
export function loadCarriers(): string[] {
  return corpusFile("carriers.txt")
    .split(/^=== .*$/m)
    .slice(1)
    .map((section) => section.replace(/^\n/, "").replace(/\n+$/, "\n"));
}

export function loadLookalikeTemplates(): string[] {
  return meaningfulLines(corpusFile("lookalikes.txt"));
}

/** Fills `{{value}}`, `{{other:<kind>}}` and filler placeholders; returns the text and placed credentials. */
function fill(
  template: string,
  random: FakeRandom,
  mainKind: string | undefined,
): { text: string; placed: { kind: string; value: string; main: boolean }[] } {
  const placed: { kind: string; value: string; main: boolean }[] = [];
  const text = template.replace(/\\n/g, "\n").replace(/\{\{([a-z0-9:-]+)\}\}/g, (whole, name: string) => {
    if (name === "value" && mainKind) {
      const value = generate(FAKE_CREDENTIALS, mainKind, random);
      placed.push({ kind: mainKind, value, main: true });
      return value;
    }
    if (name.startsWith("other:")) {
      const kind = name.slice(6);
      if (kind in FAKE_CREDENTIALS) {
        const value = generate(FAKE_CREDENTIALS, kind, random);
        placed.push({ kind, value, main: false });
        return value;
      }
      return generate(LOOKALIKES, kind, random);
    }
    return name in LOOKALIKES ? generate(LOOKALIKES, name, random) : whole;
  });
  return { text, placed };
}

function generate(table: Record<string, (random: FakeRandom) => string>, name: string, random: FakeRandom): string {
  const generator = table[name];
  if (!generator) throw new Error(`the secrets corpus names an unknown generator: ${name}`);
  return generator(random);
}

function place(carrier: string, snippet: string): { text: string; offset: number } {
  const offset = carrier.indexOf("{{snippet}}");
  if (offset < 0) throw new Error("a carrier in carriers.txt has no {{snippet}}");
  return { text: carrier.slice(0, offset) + snippet + carrier.slice(offset + "{{snippet}}".length), offset };
}

/** `perKind` positive samples for every kind with snippets, drawn reproducibly from `seed`. */
export function positiveSamples(seed: string, perKind: number): SecretSample[] {
  const random = new FakeRandom(seed);
  const carriers = loadCarriers();
  const samples: SecretSample[] = [];
  for (const [kind, snippets] of loadSnippets()) {
    for (let index = 0; index < perKind; index++) {
      const template = snippets[index % snippets.length] ?? "";
      const { text: snippet, placed } = fill(template, random, kind);
      const { text, offset } = place(random.pick(carriers), snippet);
      const expected = placed.map((item) => {
        const start = offset + snippet.indexOf(item.value);
        return { kind: item.kind, start, end: start + item.value.length, main: item.main };
      });
      const main = expected.find((item) => item.main);
      samples.push({ text, main, expected, template });
    }
  }
  return samples;
}

/** `perTemplate` look-alike samples for every line of lookalikes.txt. */
export function lookalikeSamples(seed: string, perTemplate: number): SecretSample[] {
  const random = new FakeRandom(seed);
  const carriers = loadCarriers();
  const samples: SecretSample[] = [];
  for (const template of loadLookalikeTemplates()) {
    for (let index = 0; index < perTemplate; index++) {
      const { text: snippet } = fill(template, random, undefined);
      samples.push({ text: place(random.pick(carriers), snippet).text, expected: [], template });
    }
  }
  return samples;
}
