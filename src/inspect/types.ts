/** The shapes of `bastion inspect` results. */

export type Severity = "low" | "medium" | "high";

/** A risk level for the whole package: the worst finding, after combinations are considered. */
export type RiskLevel = Severity;

/** Stable identifiers of what inspect looks for; docs and JSON consumers rely on them. */
export type InspectRule =
  | "child-process"
  | "child-process-dynamic"
  | "dynamic-code"
  | "remote-code"
  | "network-raw-ip"
  | "network-hardcoded-host"
  | "credential-read"
  | "credential-reference"
  | "dotenv-read"
  | "env-bulk-read"
  | "obfuscation"
  | "obfuscated-execution"
  | "exfiltration"
  | "install-script"
  | "native-build"
  | "bundled-binary"
  | "archive-unsafe-entry"
  | "vulnerable-dependency"
  | "typosquat"
  | "unparsed-code";

/** One thing inspect found, with where. */
export interface InspectFinding {
  rule: InspectRule;
  severity: Severity;
  /** Path inside the package; absent for package-wide findings. */
  file?: string;
  /** 1-based line in the original source (TypeScript lines are mapped back). */
  line?: number;
  /** The code or value that triggered the finding, shortened. */
  evidence: string;
  explanation: string;
}

/** A URL or bare host found in the code. */
export interface FoundEndpoint {
  url: string;
  host: string;
  file: string;
  line: number;
}

/** What analysing one source file yields. */
export interface FileAnalysis {
  findings: InspectFinding[];
  endpoints: FoundEndpoint[];
  /** Facts used to combine findings across files into stronger ones. */
  facts: {
    network: boolean;
    credentialRead: boolean;
    envBulkRead: boolean;
    /** The environment is serialised or put in a request body, not just read. */
    envSerialized: boolean;
    dynamicCode: boolean;
    obfuscated: boolean;
    childProcess: boolean;
  };
  /** Set when the file could not be parsed and text heuristics were used instead. */
  parseError?: string;
}

/** The complete result of inspecting one package. */
export interface InspectReport {
  target: string;
  name?: string;
  version?: string;
  risk: RiskLevel;
  findings: InspectFinding[];
  /** Every URL found in the code. */
  urls: FoundEndpoint[];
  /** Distinct host names and IP addresses found, sorted. */
  hosts: string[];
  dependencies: {
    name: string;
    range: string;
    version?: string;
    versionSource?: "installed" | "lowest-allowed";
  }[];
  /** Why advisories could not be checked, when they could not. */
  advisoryNote?: string;
  stats: { files: number; codeFiles: number; parsedFiles: number; bytes: number };
  notes: string[];
}
