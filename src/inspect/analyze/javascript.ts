import { parse, type AnyNode, type Program } from "acorn";
import { fullAncestor } from "acorn-walk";
import type { FileAnalysis, FoundEndpoint, InspectFinding, InspectRule, Severity } from "../types.js";
import {
  collectBindings,
  propertyName,
  resolveModuleRef,
  unwrap,
  type Bindings,
  type ModuleRef,
} from "./bindings.js";
import {
  CHILD_PROCESS_CALLS,
  FS_READS,
  globalNameOf,
  hostOfArgument,
  HTTP_CLIENT_MODULES,
  NETWORK_MEMBERS,
  SENDING_KEYS,
  SHELL_DOWNLOAD,
  VM_CALLS,
} from "./calls.js";
import { ObfuscationScanner } from "./obfuscation.js";
import {
  clip,
  credentialLocationOf,
  DOTENV_FILE,
  hostOf,
  isIpAddress,
  isLocalAddress,
  urlsIn,
} from "./patterns.js";
import { isProcessEnv, staticString, stringFragments } from "./values.js";

/** Maps a line of the analysed text back to the original source (identity for JavaScript). */
export type LineMap = (line: number) => number;

type Fn = AnyNode | null;

interface Site {
  fn: Fn;
  line: number;
}

const ACORN_OPTIONS = {
  ecmaVersion: "latest",
  allowHashBang: true,
  allowReturnOutsideFunction: true,
  allowImportExportEverywhere: true,
  allowAwaitOutsideFunction: true,
  locations: true,
} as const;

/** Parses JavaScript as a module, then as a script (for `with`, octal literals and the like). */
export function parseJavaScript(source: string): Program {
  try {
    return parse(source, { ...ACORN_OPTIONS, sourceType: "module" });
  } catch (moduleError) {
    try {
      return parse(source, { ...ACORN_OPTIONS, sourceType: "script" });
    } catch {
      throw moduleError;
    }
  }
}

function enclosingFunction(ancestors: AnyNode[]): Fn {
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const a = ancestors[i] as AnyNode;
    if (
      a.type === "FunctionDeclaration" ||
      a.type === "FunctionExpression" ||
      a.type === "ArrowFunctionExpression"
    )
      return a;
  }
  return null;
}

class JavaScriptAnalyzer {
  readonly findings: InspectFinding[] = [];
  readonly endpoints: FoundEndpoint[] = [];
  private readonly seen = new Set<string>();
  private readonly networkSites: Site[] = [];
  private readonly dynamicSites: Site[] = [];
  private readonly readLocations: string[] = [];
  private readonly mentioned = new Set<string>();
  readonly facts = {
    network: false,
    credentialRead: false,
    envBulkRead: false,
    envSerialized: false,
    dynamicCode: false,
    obfuscated: false,
    childProcess: false,
  };
  private readonly bindings: Bindings;
  private readonly obfuscation: ObfuscationScanner;

  constructor(
    private readonly program: Program,
    private readonly source: string,
    private readonly file: string,
    private readonly lineMap: LineMap,
  ) {
    this.bindings = collectBindings(program);
    this.obfuscation = new ObfuscationScanner(source, (n) => this.lineOf(n), this.bindings);
  }

  private lineOf(node: AnyNode): number {
    return this.lineMap(node.loc?.start.line ?? 1);
  }

  private text(node: AnyNode, max = 120): string {
    return clip(this.source.slice(node.start, node.end), max);
  }

  private report(
    rule: InspectRule,
    severity: Severity,
    node: AnyNode,
    explanation: string,
    evidence = this.text(node),
  ): void {
    const line = this.lineOf(node);
    const key = `${rule}:${line}:${evidence}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push({ rule, severity, file: this.file, line, evidence, explanation });
  }

  run(): void {
    fullAncestor(this.program, (node, _state, ancestors) => {
      this.obfuscation.visit(node);
      switch (node.type) {
        case "Literal":
          if (typeof node.value === "string") this.stringValue(node, node.value, ancestors);
          break;
        case "TemplateElement":
          if (node.value.cooked) this.stringValue(node, node.value.cooked, ancestors);
          break;
        case "CallExpression":
        case "NewExpression":
          this.call(node, ancestors);
          break;
        case "ImportExpression":
          this.importExpression(node);
          break;
        case "MemberExpression":
          if (isProcessEnv(node)) this.processEnv(node, ancestors);
          break;
        default:
          break;
      }
    });
    this.combine();
    this.dropMentionsOfReadLocations();
    for (const signal of this.obfuscation.finish()) {
      this.facts.obfuscated = true;
      this.findings.push({
        rule: "obfuscation",
        severity: "medium",
        file: this.file,
        line: signal.line,
        evidence: signal.evidence,
        explanation: signal.explanation,
      });
    }
  }

  /** URLs and credential locations mentioned in any string. */
  private stringValue(node: AnyNode, value: string, ancestors: AnyNode[]): void {
    const line = this.lineOf(node);
    for (const url of urlsIn(value)) {
      const host = hostOf(url);
      if (host) this.endpoints.push({ url, host, file: this.file, line });
    }
    const bare = hostOf(value);
    if (bare && isIpAddress(bare) && !/^[a-z]+:\/\//i.test(value))
      this.endpoints.push({ url: value, host: bare, file: this.file, line });
    if (value.length > 300) return;
    const location = credentialLocationOf(value);
    const parent = ancestors[ancestors.length - 2];
    // Property keys and imports are names, not paths.
    if (
      !location ||
      parent?.type === "ImportDeclaration" ||
      (parent?.type === "Property" && parent.key === node)
    )
      return;
    if (this.mentioned.has(location.what)) return;
    this.mentioned.add(location.what);
    this.report(
      "credential-reference",
      "medium",
      node,
      `Mentions the location of ${location.what}`,
      clip(JSON.stringify(value), 100),
    );
  }

  private importExpression(node: AnyNode & { type: "ImportExpression" }): void {
    const spec = staticString(node.source as AnyNode, this.bindings);
    if (spec !== undefined && /^(https?:|data:|blob:)/i.test(spec)) {
      this.report(
        "remote-code",
        "high",
        node,
        "Imports code from a URL at run time, so what runs is not in the package",
      );
    }
  }

  private call(node: AnyNode & { type: "CallExpression" | "NewExpression" }, ancestors: AnyNode[]): void {
    const callee = unwrap(node.callee as AnyNode);
    const fn = enclosingFunction(ancestors);
    const line = this.lineOf(node);
    const args = node.arguments.filter(
      (a): a is Exclude<typeof a, { type: "SpreadElement" }> => a.type !== "SpreadElement",
    ) as AnyNode[];
    const first = args[0];

    if (callee.type === "Identifier" && callee.name === "require" && first) {
      const spec = staticString(first, this.bindings);
      if (spec !== undefined && /^(https?:|data:)/i.test(spec))
        this.report("remote-code", "high", node, "Requires code from a URL");
    }

    // eval and the Function constructor, direct, through a global object, or through an alias.
    const globalName = globalNameOf(callee, this.bindings);
    if ((globalName === "eval" && node.type === "CallExpression") || globalName === "Function") {
      this.dynamicCode(node, first, fn, line, globalName === "eval" ? "eval" : "the Function constructor");
      return;
    }

    const ref = resolveModuleRef(callee, this.bindings);
    if (ref) this.moduleCall(node, ref, args, fn, line);
    else if (
      callee.type === "Identifier" &&
      (callee.name === "fetch" || callee.name === "WebSocket" || callee.name === "EventSource")
    ) {
      this.network(node, args, fn, line);
    } else if (
      callee.type === "MemberExpression" &&
      propertyName(callee) === "open" &&
      callee.object.type === "Identifier" &&
      /xhr|request/i.test(callee.object.name)
    ) {
      this.network(node, args.slice(1), fn, line);
    }
  }

  private moduleCall(node: AnyNode, ref: ModuleRef, args: AnyNode[], fn: Fn, line: number): void {
    const member = ref.member ?? "";
    const first = args[0];
    if (ref.module === "child_process" && CHILD_PROCESS_CALLS.has(member)) {
      this.facts.childProcess = true;
      const command = first ? staticString(first, this.bindings) : undefined;
      if (command === undefined) {
        this.report(
          "child-process-dynamic",
          "medium",
          node,
          `Runs a command built at run time (child_process.${member}); its arguments decide what executes`,
        );
      } else if (SHELL_DOWNLOAD.test(command)) {
        this.report("remote-code", "high", node, "Downloads a script and pipes it into a shell");
      } else {
        this.report("child-process", "low", node, `Runs the command ${JSON.stringify(clip(command, 60))}`);
      }
      return;
    }
    if (ref.module === "vm" && VM_CALLS.has(member)) {
      this.dynamicCode(node, first, fn, line, `vm.${member}`);
      return;
    }
    if (ref.module === "module" && member.endsWith("_compile")) {
      this.dynamicCode(node, first, fn, line, "Module._compile");
      return;
    }
    if (ref.module === "fs" && FS_READS.test(member.replace(/^promises\./, "")) && first) {
      this.fileRead(node, first);
      return;
    }
    const networkMembers = NETWORK_MEMBERS[ref.module];
    if (
      (networkMembers && networkMembers.test(member)) ||
      HTTP_CLIENT_MODULES.has(ref.module) ||
      (ref.module === "undici" && /fetch|request/.test(member))
    ) {
      const hostArgs = ref.module === "net" || ref.module === "tls" ? [...args].reverse() : args;
      this.network(node, hostArgs, fn, line);
    }
  }

  private dynamicCode(node: AnyNode, code: AnyNode | undefined, fn: Fn, line: number, what: string): void {
    this.facts.dynamicCode = true;
    const literal = code === undefined || staticString(code, this.bindings) !== undefined;
    if (literal) {
      this.report("dynamic-code", "low", node, `Uses ${what} with fixed code`);
      return;
    }
    this.dynamicSites.push({ fn, line });
    this.report(
      "dynamic-code",
      "medium",
      node,
      `Runs code built at run time with ${what}; what it executes cannot be read from the package`,
    );
  }

  private fileRead(node: AnyNode, pathArg: AnyNode): void {
    const fragments = stringFragments(pathArg, this.bindings);
    const joined = fragments.join("/");
    const location = credentialLocationOf(joined) ?? fragments.map(credentialLocationOf).find(Boolean);
    if (location) {
      this.facts.credentialRead = true;
      this.readLocations.push(location.what);
      this.report("credential-read", "high", node, `Reads ${location.what} (${clip(joined, 60)})`);
    } else if (DOTENV_FILE.test(joined.replace(/\\/g, "/"))) {
      this.report("dotenv-read", "low", node, "Reads a .env file, which usually holds secrets");
    }
  }

  private network(node: AnyNode, args: AnyNode[], fn: Fn, line: number): void {
    this.facts.network = true;
    this.networkSites.push({ fn, line });
    for (const arg of args.slice(0, 3)) {
      const host = hostOfArgument(arg, this.bindings);
      if (!host) continue;
      if (isIpAddress(host) && !isLocalAddress(host)) {
        this.report(
          "network-raw-ip",
          "high",
          node,
          `Connects to the raw IP address ${host}; legitimate services are reached by name`,
        );
      } else if (!isLocalAddress(host)) {
        this.report("network-hardcoded-host", "low", node, `Connects to the fixed host ${host}`);
      }
      return;
    }
  }

  private processEnv(node: AnyNode, ancestors: AnyNode[]): void {
    const parent = ancestors[ancestors.length - 2];
    if (!parent) return;
    let bulk: string | undefined;
    let serialized = false;
    if (parent.type === "CallExpression" && parent.arguments.includes(node as never)) {
      const callee = unwrap(parent.callee as AnyNode);
      const object =
        callee.type === "MemberExpression" && callee.object.type === "Identifier" ? callee.object.name : "";
      const name = callee.type === "MemberExpression" ? `${object}.${propertyName(callee) ?? ""}` : "";
      serialized = /^(JSON\.stringify|Buffer\.from)$/.test(name);
      // Listing the names (Object.keys) or filtering entries is common; serialising everything is not.
      if (serialized) bulk = `serialises process.env with ${name}`;
      else if (/^Object\.(values|entries)$/.test(name))
        bulk = `reads every value of process.env with ${name}`;
    } else if (
      parent.type === "Property" &&
      parent.value === node &&
      parent.key.type === "Identifier" &&
      SENDING_KEYS.test(parent.key.name)
    ) {
      bulk = `puts the whole of process.env in a "${parent.key.name}" field`;
      serialized = true;
    }
    if (!bulk) return;
    this.facts.envBulkRead = true;
    if (serialized) this.facts.envSerialized = true;
    this.report(
      "env-bulk-read",
      "medium",
      parent,
      `Reads the whole environment (${bulk}), where API keys and tokens live`,
    );
  }

  /** A location the code is seen reading needs no separate "mentions" finding. */
  private dropMentionsOfReadLocations(): void {
    const read = new Set(this.readLocations);
    for (let i = this.findings.length - 1; i >= 0; i--) {
      const f = this.findings[i] as InspectFinding;
      if (f.rule === "credential-reference" && [...read].some((what) => f.explanation.endsWith(what)))
        this.findings.splice(i, 1);
    }
  }

  /** Findings that only mean something together. */
  private combine(): void {
    const sameFunction = this.dynamicSites.find((d) => this.networkSites.some((n) => n.fn === d.fn));
    if (sameFunction) {
      this.findings.push({
        rule: "remote-code",
        severity: "high",
        file: this.file,
        line: sameFunction.line,
        evidence: clip(this.source.split("\n")[(sameFunction.line || 1) - 1] ?? ""),
        explanation:
          "Fetches data over the network and executes code built at run time in the same function: a remote code loader",
      });
    }
  }
}

/**
 * Analyses one JavaScript file with a real parser (acorn) and reports what it does that a
 * reviewer should see. `lineMap` maps lines back to the original when the text was transpiled.
 *
 * @throws SyntaxError when the file cannot be parsed (callers fall back to text heuristics).
 */
export function analyzeJavaScript(source: string, file: string, lineMap: LineMap = (l) => l): FileAnalysis {
  const program = parseJavaScript(source);
  const analyzer = new JavaScriptAnalyzer(program, source, file, lineMap);
  analyzer.run();
  return { findings: analyzer.findings, endpoints: analyzer.endpoints, facts: analyzer.facts };
}
