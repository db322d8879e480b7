/**
 * Trains the poisoning model on the training split of the project's corpus and writes the weights
 * to models/poisoning.json. Run from the repository root:
 *
 *     node --import tsx src/detect/model/train.ts
 *
 * Only eval/corpus/poisoning/train/ is read; the eval split stays unseen so the evaluation
 * measures generalisation. Training is deterministic: the same corpus gives the same file.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { collectText } from "../poisoning/walk.js";
import { normalizeText } from "../text/index.js";
import { chunkText } from "./chunks.js";
import { encodeModel } from "./model.js";
import { trainModel, type TrainingExample } from "./trainer.js";

const ROOT = new URL("../../../", import.meta.url);
const TRAIN_DIR = new URL("eval/corpus/poisoning/train/", ROOT);
const OUTPUT = new URL("models/poisoning.json", ROOT);

interface CorpusCase {
  id: string;
  kind: string;
  definition: unknown;
  payload?: string;
}

function readCases(name: string): CorpusCase[] {
  const file = new URL(name, TRAIN_DIR);
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(parsed)) throw new Error(`${fileURLToPath(file)} must hold a JSON array of cases`);
  return parsed as CorpusCase[];
}

/** Normalised chunks of every prose string of a definition. */
function definitionChunks(definition: unknown): string[] {
  const sites =
    typeof definition === "string"
      ? [{ text: definition, role: "instructions" }]
      : collectText(definition).sites.filter((s) => s.role !== "name" && s.role !== "uri");
  return sites.flatMap((site) => {
    const normalized = normalizeText(site.text);
    return [normalized.text, ...normalized.hidden.map((h) => h.text)].flatMap(chunkText);
  });
}

function buildExamples(attacks: CorpusCase[], benign: CorpusCase[]): TrainingExample[] {
  const examples = new Map<string, TrainingExample>();
  const add = (text: string, label: 0 | 1): void => {
    const key = text.toLowerCase();
    if (!examples.has(key) || label === 1) examples.set(key, { text, label });
  };
  for (const item of benign) for (const chunk of definitionChunks(item.definition)) add(chunk, 0);
  for (const attack of attacks) {
    if (typeof attack.payload !== "string") throw new Error(`attack ${attack.id} has no payload`);
    const payload = normalizeText(attack.payload).text;
    const chunks = chunkText(payload);
    for (const chunk of chunks.length > 0 ? chunks : [payload]) add(chunk, 1);
    // The benign remainder of an attack definition teaches what carrier text looks like.
    const probe = payload.slice(0, 30).toLowerCase();
    for (const chunk of definitionChunks(attack.definition)) {
      const lower = chunk.toLowerCase();
      if (!lower.includes(probe) && !payload.toLowerCase().includes(lower)) add(chunk, 0);
    }
  }
  return [...examples.values()].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

const files = readdirSync(TRAIN_DIR)
  .filter((name) => name.endsWith(".json"))
  .sort();
const attacks = files.filter((name) => name.startsWith("attacks")).flatMap(readCases);
const benign = files.filter((name) => name.startsWith("benign")).flatMap(readCases);
if (attacks.length === 0 || benign.length === 0) {
  throw new Error(`${fileURLToPath(TRAIN_DIR)} needs attacks*.json and benign*.json files`);
}
const examples = buildExamples(attacks, benign);
const model = trainModel(examples, { epochs: 20, l2: 1e-4, seed: 7 });
writeFileSync(OUTPUT, JSON.stringify(encodeModel(model)) + "\n");
const { positives, negatives } = model.trainedOn;
process.stdout.write(
  `trained on ${positives} positive and ${negatives} negative chunks; wrote ${fileURLToPath(OUTPUT)}\n`,
);
