import { gunzipSync } from "node:zlib";

/** One entry of a tar archive, held in memory (nothing is written to disk). */
export interface TarEntry {
  path: string;
  type: "file" | "directory" | "symlink" | "link" | "other";
  mode: number;
  /** File contents; empty for anything but regular files. */
  data: Buffer;
  /** Target of a symbolic or hard link. */
  linkTarget?: string;
}

/** Limits that keep a hostile archive from exhausting memory. */
export interface TarLimits {
  maxEntries: number;
  maxTotalBytes: number;
}

const DEFAULT_LIMITS: TarLimits = { maxEntries: 20_000, maxTotalBytes: 256 * 1024 * 1024 };
const BLOCK = 512;

/** Thrown for archives that are corrupt or exceed the limits. */
export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TarError";
  }
}

function text(block: Buffer, offset: number, length: number): string {
  const slice = block.subarray(offset, offset + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? length : nul).toString("utf8");
}

function octal(block: Buffer, offset: number, length: number): number {
  const first = block[offset] ?? 0;
  if (first & 0x80) {
    // GNU base-256 for values that do not fit in octal digits.
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + (block[offset + i] ?? 0);
    return value;
  }
  const digits = text(block, offset, length).trim();
  if (digits === "") return 0;
  if (!/^[0-7]+$/.test(digits))
    throw new TarError(`Corrupt tar header: ${JSON.stringify(digits)} is not an octal number`);
  return parseInt(digits, 8);
}

function checksumOk(block: Buffer): boolean {
  const recorded = octal(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] ?? 0);
  return sum === recorded;
}

/** Parses pax `length key=value\n` records. */
function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const length = Number(data.subarray(pos, space).toString("ascii"));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, pos + length - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += length;
  }
  return out;
}

/**
 * Reads an uncompressed tar archive (ustar, pax and GNU long names) into memory.
 *
 * @throws TarError for corrupt headers, truncated data or archives beyond the limits.
 */
export function readTar(archive: Buffer, limits: TarLimits = DEFAULT_LIMITS): TarEntry[] {
  const entries: TarEntry[] = [];
  let pos = 0;
  let total = 0;
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  while (pos + BLOCK <= archive.length) {
    const header = archive.subarray(pos, pos + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new TarError(`Corrupt tar header at byte ${pos} (checksum mismatch)`);
    const size = octal(header, 124, 12);
    const flag = String.fromCharCode(header[156] ?? 0);
    const dataStart = pos + BLOCK;
    if (dataStart + size > archive.length)
      throw new TarError(`Truncated tar archive: an entry needs ${size} bytes past the end`);
    const data = archive.subarray(dataStart, dataStart + size);
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === "x") {
      pax = paxRecords(data);
      continue;
    }
    if (flag === "g") continue;
    if (flag === "L" || flag === "K") {
      const value = text(data, 0, data.length);
      if (flag === "L") longName = value;
      else longLink = value;
      continue;
    }
    const prefix = text(header, 345, 155);
    const rawName = text(header, 0, 100);
    const path =
      pax.get("path") ??
      longName ??
      (prefix && text(header, 257, 5) === "ustar" ? `${prefix}/${rawName}` : rawName);
    const linkTarget = pax.get("linkpath") ?? longLink ?? text(header, 157, 100);
    pax = new Map();
    longName = undefined;
    longLink = undefined;
    const type: TarEntry["type"] =
      flag === "0" || flag === "\0" || flag === "7"
        ? "file"
        : flag === "5"
          ? "directory"
          : flag === "2"
            ? "symlink"
            : flag === "1"
              ? "link"
              : "other";
    if (entries.length >= limits.maxEntries)
      throw new TarError(`Archive has more than ${limits.maxEntries} entries`);
    total += type === "file" ? size : 0;
    if (total > limits.maxTotalBytes)
      throw new TarError(`Archive unpacks to more than ${limits.maxTotalBytes} bytes`);
    entries.push({
      path,
      type,
      mode: octal(header, 100, 8),
      data: type === "file" ? Buffer.from(data) : Buffer.alloc(0),
      ...(type === "symlink" || type === "link" ? { linkTarget } : {}),
    });
  }
  return entries;
}

/**
 * Reads a gzip-compressed tar archive (an npm `.tgz`) into memory.
 *
 * @example
 * const entries = readTarGz(await readFile("left-pad-1.3.0.tgz"));
 * entries.map((e) => e.path); // ["package/package.json", "package/index.js", …]
 */
export function readTarGz(tgz: Buffer, limits: TarLimits = DEFAULT_LIMITS): TarEntry[] {
  let archive: Buffer;
  try {
    archive = gunzipSync(tgz, { maxOutputLength: limits.maxTotalBytes + 64 * 1024 * 1024 });
  } catch (err) {
    throw new TarError(`Not a gzip archive or corrupt: ${err instanceof Error ? err.message : String(err)}`);
  }
  return readTar(archive, limits);
}
