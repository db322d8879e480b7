import { readFileSync } from "node:fs";
import { decodeModel, type PoisoningModel } from "./model.js";

/** Where the committed weights live: models/poisoning.json at the package root. */
export const BUNDLED_MODEL_URL = new URL("../../../models/poisoning.json", import.meta.url);

/**
 * Reads and checks a stored poisoning model.
 *
 * @throws Error naming the file and the problem when it is missing, not JSON or malformed.
 */
export function loadPoisoningModel(location: URL | string = BUNDLED_MODEL_URL): PoisoningModel {
  let raw: string;
  try {
    raw = readFileSync(location, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `poisoning model ${String(location)} cannot be read (${reason}); ` +
        "train it with: node --import tsx src/detect/model/train.ts",
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`poisoning model ${String(location)} is not valid JSON: ${(error as Error).message}`);
  }
  return decodeModel(parsed);
}

/**
 * The model shipped with Bastion, read once when this module is first imported; it never changes
 * afterwards. Importing fails, naming the file, when the weights are missing or damaged.
 */
export const bundledModel: PoisoningModel = loadPoisoningModel();
