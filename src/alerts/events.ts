/** Something the gateway noticed. Threshold events (auth, transfer) alert only when a rule trips. */
export type AlertEvent =
  | { type: "auth.failed"; source: string; principal?: string; reason?: string }
  | { type: "data.transfer"; principal: string; bytes: number; server?: string }
  | { type: "pin.changed"; server: string; target: string; kind?: string }
  | { type: "tool.poisoned"; server: string; target: string; rule: string }
  | { type: "secret.blocked"; principal: string; rule: string; server?: string; target?: string }
  | { type: "taint.blocked"; principal: string; rule: string; server?: string; target?: string }
  | { type: "upstream.crashloop"; server: string; restarts: number; window_seconds: number }
  | { type: "audit.write_failed"; sink: string; records: number; error: string }
  | { type: "package.vulnerable"; server: string; package: string; version: string; advisories: number };

export type AlertType = AlertEvent["type"];

/**
 * What is sent to the log and the webhook. Built field by field from known event fields only, so
 * whatever else a caller attached to an event (a matched secret, a token) never leaves.
 */
export interface Alert {
  time: string;
  type: AlertType;
  severity: "warning" | "critical";
  summary: string;
  principal?: string;
  source?: string;
  server?: string;
  target?: string;
  rule?: string;
  count?: number;
  bytes?: number;
  baseline_bytes?: number;
  window_seconds?: number;
  /** Alerts dropped by the rate limit since the last one that went out. */
  suppressed?: number;
}

/** An alert before it is stamped, with the keys that de-duplicate it (any fresh key lets it through). */
export interface AlertDraft {
  keys: string[];
  alert: Omit<Alert, "time">;
}

/** Longest text kept from any event field. */
const MAX_TEXT = 200;

/** Event text as it may appear in an alert: bounded, single-line, masked by the redactor. */
export function cleanText(value: unknown, redact: (text: string) => string): string {
  const text = typeof value === "string" ? value : String(value ?? "");
  return redact(text.replace(/\p{Cc}+/gu, " ")).slice(0, MAX_TEXT);
}

/**
 * The alert for an event that alerts every time it happens (subject to de-duplication), or
 * undefined for the threshold events, which the alerter counts first.
 */
export function immediateAlert(event: AlertEvent, clean: (value: unknown) => string): AlertDraft | undefined {
  switch (event.type) {
    case "pin.changed": {
      const [server, target] = [clean(event.server), clean(event.target)];
      return {
        keys: [`pin.changed:${server}:${target}`],
        alert: {
          type: event.type,
          severity: "critical",
          summary: `${event.kind ? clean(event.kind) + " " : ""}${target} on ${server} changed after it was pinned (possible rug pull)`,
          server,
          target,
        },
      };
    }
    case "tool.poisoned": {
      const [server, target, rule] = [clean(event.server), clean(event.target), clean(event.rule)];
      return {
        keys: [`tool.poisoned:${server}:${target}:${rule}`],
        alert: {
          type: event.type,
          severity: "critical",
          summary: `blocked poisoned tool ${target} on ${server} (${rule})`,
          server,
          target,
          rule,
        },
      };
    }
    case "secret.blocked":
    case "taint.blocked": {
      const [principal, rule] = [clean(event.principal), clean(event.rule)];
      const server = event.server === undefined ? undefined : clean(event.server);
      const target = event.target === undefined ? undefined : clean(event.target);
      const what = event.type === "secret.blocked" ? `a secret (${rule})` : `a tainted call (${rule})`;
      return {
        keys: [`${event.type}:${principal}:${server ?? ""}:${target ?? ""}:${rule}`],
        alert: {
          type: event.type,
          severity: "warning",
          summary: `blocked ${what} by ${principal}${server ? ` to ${server}${target ? "/" + target : ""}` : ""}`,
          principal,
          server,
          target,
          rule,
        },
      };
    }
    case "upstream.crashloop": {
      const server = clean(event.server);
      return {
        keys: [`upstream.crashloop:${server}`],
        alert: {
          type: event.type,
          severity: "critical",
          summary: `upstream ${server} restarted ${event.restarts} times in ${event.window_seconds}s`,
          server,
          count: finite(event.restarts),
          window_seconds: finite(event.window_seconds),
        },
      };
    }
    case "package.vulnerable": {
      const [server, pkg, version] = [clean(event.server), clean(event.package), clean(event.version)];
      return {
        keys: [`package.vulnerable:${server}:${pkg}@${version}`],
        alert: {
          type: event.type,
          severity: "critical",
          summary: `${pkg}@${version} run by ${server} is affected by ${finite(event.advisories)} published advisor${event.advisories === 1 ? "y" : "ies"}`,
          server,
          count: finite(event.advisories),
        },
      };
    }
    case "audit.write_failed": {
      const sink = clean(event.sink);
      return {
        keys: [`audit.write_failed:${sink}`],
        alert: {
          type: event.type,
          severity: "critical",
          summary: `audit ${sink} write failed (${finite(event.records)} records): ${clean(event.error)}`,
          count: finite(event.records),
        },
      };
    }
    default:
      return undefined;
  }
}

function finite(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** Bytes for people: `10.0 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
