import { diffDefinitions } from "../../detect/definitions/index.js";
import { analyzeServer } from "../../detect/poisoning/index.js";
import type { ServerSnapshot } from "../clients/connect.js";
import { discoverClientConfigs, readConfigFile } from "../clients/discover.js";
import { launchKeyOf, scanServers, type ScanProgress } from "../clients/scan-servers.js";
import type { ClientConfig, Platform, ServerConfig } from "../clients/types.js";
import { assembleReport, type ServerOutcome } from "./assemble.js";
import { worse, type ReportItem, type ScanReport } from "./model.js";
import {
  compareWithPins,
  itemKeyOf,
  pinKeyOf,
  PinsFileError,
  readPins,
  writePins,
  type PinnedItem,
  type PinsFile,
} from "./pins.js";
import { crossServerShadowing } from "./shadowing.js";

/** Everything a scan depends on, passed in so tests can point it at fixture homes. */
export interface ScanRunOptions {
  home: string;
  cwd: string;
  platform: Platform;
  /** Environment for config locations, `${VAR}` references and the servers' `PATH`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Scan this one file instead of discovering configs. */
  configFile?: string;
  /** Where pins from the last scan live; without it rug pulls are not checked. */
  stateDir?: string;
  timeoutMs: number;
  concurrency: number;
  onProgress?: (event: ScanProgress) => void;
  now?: () => Date;
}

type Judged = Pick<ServerOutcome, "items" | "notes" | "analysisError"> & {
  current: Record<string, PinnedItem & { kind: string; name: string }>;
};

/** Runs the poisoning detector over a snapshot and keys each item for pinning. */
function judge(snapshot: ServerSnapshot): Judged {
  const definitions: { kind: string; definition: unknown }[] = [
    ...snapshot.tools.map((definition) => ({ kind: "tool", definition })),
    ...snapshot.prompts.map((definition) => ({ kind: "prompt", definition })),
    ...snapshot.resources.map((definition) => ({ kind: "resource", definition })),
    ...snapshot.resourceTemplates.map((definition) => ({ kind: "resourceTemplate", definition })),
    ...(snapshot.instructions !== undefined
      ? [{ kind: "instructions", definition: snapshot.instructions }]
      : []),
  ];
  let analysis;
  try {
    analysis = analyzeServer({
      tools: snapshot.tools,
      prompts: snapshot.prompts,
      resources: snapshot.resources,
      resourceTemplates: snapshot.resourceTemplates,
      ...(snapshot.instructions !== undefined ? { instructions: snapshot.instructions } : {}),
    });
  } catch (err) {
    return {
      items: [],
      notes: [],
      current: {},
      analysisError: `The server's definitions could not be analysed: ${(err as Error).message}`,
    };
  }
  const current: Judged["current"] = {};
  const items: ReportItem[] = analysis.items.map((item, index) => {
    const definition = definitions[index]?.definition;
    current[itemKeyOf(item.kind, definition)] = {
      kind: item.kind,
      name: item.name,
      hash: item.hash,
      definition,
    };
    return {
      kind: item.kind,
      name: item.name,
      verdict: item.verdict,
      score: item.score,
      hash: item.hash,
      findings: item.findings,
    };
  });
  return { items, notes: [], current };
}

/** Marks items whose definition changed since the last scan: at least `warn`, with a finding. */
function markRugPulls(items: ReportItem[], outcome: ServerOutcome["rugPulls"]): ReportItem[] {
  return items.map((item) => {
    const pull = outcome.find((p) => p.change === "changed" && p.kind === item.kind && p.name === item.name);
    if (!pull) return item;
    return {
      ...item,
      verdict: worse(item.verdict, "warn"),
      findings: [
        {
          rule: "rug-pull",
          severity: "high",
          path: "",
          evidence: `sha256:${pull.previousHash?.slice(0, 12)}… → sha256:${pull.currentHash?.slice(0, 12)}…`,
          explanation:
            "The definition changed since the last scan; review the diff before trusting the new version",
        },
        ...item.findings,
      ],
    };
  });
}

/**
 * Discovers client configs (or reads one), contacts every distinct server through a bounded
 * pool, runs the poisoning detector, compares with the pins of the last scan, flags cross-server
 * shadowing, then records the new pins. Servers that fail are results, never exceptions.
 */
export async function runScan(options: ScanRunOptions): Promise<ScanReport> {
  const configs: ClientConfig[] = options.configFile
    ? [await readConfigFile(options.configFile)]
    : await discoverClientConfigs({
        home: options.home,
        platform: options.platform,
        cwd: options.cwd,
        env: options.env,
      });
  const results = await scanServers(configs, {
    timeoutMs: options.timeoutMs,
    concurrency: options.concurrency,
    variables: { env: options.env, home: options.home, workspaceFolder: options.cwd },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const notes: string[] = [];
  let pins: PinsFile | undefined;
  if (options.stateDir) {
    try {
      pins = await readPins(options.stateDir);
    } catch (err) {
      if (!(err instanceof PinsFileError)) throw err;
      notes.push(err.message);
    }
  }
  const serverOf = new Map<string, ServerConfig>();
  for (const config of configs)
    for (const server of config.servers) serverOf.set(launchKeyOf(server), server);
  const outcomes = new Map<string, ServerOutcome>();
  const updatedAt = (options.now ?? (() => new Date()))().toISOString();
  for (const [key, result] of results) {
    const server = serverOf.get(key) as ServerConfig;
    if (!result.snapshot) {
      outcomes.set(key, { result, items: [], rugPulls: [], shadowing: [], notes: [] });
      continue;
    }
    const judged = judge(result.snapshot);
    const pinKey = pinKeyOf(server);
    const rugPulls =
      pins && !judged.analysisError
        ? compareWithPins(pins.servers[pinKey], judged.current, diffDefinitions)
        : [];
    if (pins && !judged.analysisError) {
      pins.servers[pinKey] = {
        name: server.name,
        launch: pinKey.split("\u0000")[1] ?? "",
        updatedAt,
        items: judged.current,
      };
    }
    outcomes.set(key, {
      result,
      items: markRugPulls(judged.items, rugPulls),
      rugPulls,
      shadowing: [],
      notes: judged.notes,
      ...(judged.analysisError ? { analysisError: judged.analysisError } : {}),
    });
  }
  const listed = [...outcomes].filter(([, o]) => o.result.snapshot);
  const shadowing = crossServerShadowing(
    listed.map(([key, o]) => {
      const server = serverOf.get(key) as ServerConfig;
      return {
        key,
        name: server.name,
        identity: pinKeyOf({ ...server, name: "" }),
        tools: o.result.snapshot?.tools ?? [],
      };
    }),
  );
  for (const [key, findings] of shadowing) {
    const outcome = outcomes.get(key);
    if (outcome) outcome.shadowing = findings;
  }
  if (pins && options.stateDir) await writePins(options.stateDir, pins);
  return assembleReport({ configs, outcomes, launchKeyOf, generatedAt: updatedAt, notes });
}
