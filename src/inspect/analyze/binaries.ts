import type { InspectFinding } from "../types.js";

const MAGIC: { name: string; bytes: number[] }[] = [
  { name: "ELF executable", bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: "Windows executable (PE)", bytes: [0x4d, 0x5a] },
  { name: "Mach-O executable", bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: "Mach-O executable", bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { name: "Mach-O executable", bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { name: "Mach-O universal binary", bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { name: "WebAssembly module", bytes: [0x00, 0x61, 0x73, 0x6d] },
];
const BINARY_EXTENSIONS = /\.(node|exe|dll|so|dylib|bin|wasm)$/i;

/** What kind of compiled program a file is, from its first bytes and its name. */
export function binaryKindOf(path: string, head: Buffer): string | undefined {
  for (const m of MAGIC) {
    if (head.length >= m.bytes.length && m.bytes.every((b, i) => head[i] === b)) {
      // "MZ" also starts some text files; a PE file carries "PE\0\0" at the offset stored at 0x3c.
      if (m.bytes.length === 2) {
        const offset = head.length >= 0x40 ? head.readUInt32LE(0x3c) : -1;
        if (
          offset < 0 ||
          offset + 4 > head.length ||
          head.toString("latin1", offset, offset + 4) !== "PE\0\0"
        )
          continue;
      }
      // 0xCAFEBABE is also a Java class file; those have a small major version after the magic.
      if (m.name.includes("universal") && head.length >= 8 && head.readUInt16BE(6) >= 45) continue;
      return m.name;
    }
  }
  return BINARY_EXTENSIONS.test(path) && head.includes(0)
    ? `compiled file (${path.split(".").pop()})`
    : undefined;
}

/** One finding per bundled binary: compiled code cannot be reviewed like source. */
export function bundledBinaryFindings(
  files: readonly { path: string; data: Buffer; size: number }[],
): InspectFinding[] {
  const findings: InspectFinding[] = [];
  for (const f of files) {
    const kind = binaryKindOf(f.path, f.data.subarray(0, 4096));
    if (!kind) continue;
    findings.push({
      rule: "bundled-binary",
      severity: kind.startsWith("WebAssembly") ? "low" : "medium",
      file: f.path,
      evidence: `${kind}, ${f.size} bytes`,
      explanation: "The package ships compiled code, which cannot be reviewed like its source",
    });
  }
  return findings;
}
