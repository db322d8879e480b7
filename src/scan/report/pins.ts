import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** What one item looked like at the last scan. */
export interface PinnedItem {
  hash: string;
  definition: unknown;
}

/** The definitions of one server at the last scan, keyed by {@link itemKeyOf}. */
export interface PinnedServer {
  name: string;
  launch: string;
  updatedAt: string;
  items: Record<string, PinnedItem>;
}

/** The pins file: `<stateDir>/scan-pins.json`. */
export interface PinsFile {
  version: 1;
  servers: Record<string, PinnedServer>;
}

/** A definition that differs from the last scan. */
export interface RugPull {
  kind: string;
  name: string;
  change: "changed" | "added" | "removed";
  previousHash?: string;
  currentHash?: string;
  /** Line diff from the previous to the current definition (for `changed`). */
  diff?: string;
}

export const PINS_FILE = "scan-pins.json";

/** Thrown when the pins file exists but cannot be used; the scan reports it and leaves the file alone. */
export class PinsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PinsFileError";
  }
}

/**
 * Identifies a server across scans: its name and what it launches (the command line or URL).
 * Environment and headers are left out so rotating a token does not lose the pins.
 */
export function pinKeyOf(server: { name: string; command?: string; args?: string[]; url?: string }): string {
  return `${server.name}\u0000${server.url ?? [server.command ?? "", ...(server.args ?? [])].join(" ")}`;
}

/** Identifies an item within a server: tools and prompts by name, resources by URI. */
export function itemKeyOf(kind: string, definition: unknown): string {
  const d = (definition ?? {}) as Record<string, unknown>;
  const id =
    kind === "resource"
      ? d.uri
      : kind === "resourceTemplate"
        ? d.uriTemplate
        : kind === "instructions"
          ? ""
          : d.name;
  return `${kind}:${typeof id === "string" ? id : JSON.stringify(id)}`;
}

/**
 * Reads the pins of the last scan. A missing file is an empty set of pins.
 *
 * @throws PinsFileError when the file exists but is unreadable or not a pins file.
 */
export async function readPins(stateDir: string): Promise<PinsFile> {
  const file = join(stateDir, PINS_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, servers: {} };
    throw new PinsFileError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PinsFileError(
      `${file} is not valid JSON (${(err as Error).message}); rug-pull checks were skipped and the file was left as it is`,
    );
  }
  const p = parsed as Partial<PinsFile> | null;
  if (!p || p.version !== 1 || typeof p.servers !== "object" || p.servers === null) {
    throw new PinsFileError(
      `${file} is not a Bastion pins file (version 1); rug-pull checks were skipped and the file was left as it is`,
    );
  }
  return p as PinsFile;
}

/** Writes the pins atomically (a crash never leaves half a file). */
export async function writePins(stateDir: string, pins: PinsFile): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = join(stateDir, PINS_FILE);
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify(pins, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

/**
 * Compares a server's current items with its pins. Pure. A server seen for the first time has
 * no rug pulls; its items become the pins.
 */
export function compareWithPins(
  previous: PinnedServer | undefined,
  current: Record<string, PinnedItem & { kind: string; name: string }>,
  diff: (before: unknown, after: unknown) => string,
): RugPull[] {
  if (!previous) return [];
  const pulls: RugPull[] = [];
  for (const [key, item] of Object.entries(current)) {
    const old = previous.items[key];
    if (!old) pulls.push({ kind: item.kind, name: item.name, change: "added", currentHash: item.hash });
    else if (old.hash !== item.hash) {
      pulls.push({
        kind: item.kind,
        name: item.name,
        change: "changed",
        previousHash: old.hash,
        currentHash: item.hash,
        diff: diff(old.definition, item.definition),
      });
    }
  }
  for (const [key, old] of Object.entries(previous.items)) {
    if (current[key]) continue;
    const [kind = "", ...rest] = key.split(":");
    pulls.push({ kind, name: rest.join(":"), change: "removed", previousHash: old.hash });
  }
  return pulls;
}
