import { redactSecrets } from "../detect/secrets/index.js";
import {
  cleanText,
  formatBytes,
  immediateAlert,
  type Alert,
  type AlertDraft,
  type AlertEvent,
} from "./events.js";
import { WebhookSender, type WebhookTarget } from "./webhook.js";
import { SlidingCounter, TransferWindows } from "./windows.js";

/** The pino methods alerts are logged with. */
export interface AlertLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface AlerterOptions {
  webhook?: WebhookTarget;
  /** `count` failures within `window_seconds`, per source address and per principal. */
  failed_auth: { count: number; window_seconds: number };
  /**
   * More than `bytes` per principal within `window_seconds`, and more than `baseline_factor`
   * (default 3) times that principal's usual amount per window.
   */
  data_transfer: { bytes: number; window_seconds: number; baseline_factor?: number };
  /** The same alert (same type and subject) goes out at most once within this many seconds (default 300). */
  dedup_seconds?: number;
  /** At most this many alerts per minute leave, whatever happens (default 20). */
  rate_limit?: { per_minute: number };
  logger: AlertLogger;
  /** Masks secrets in event text; defaults to the built-in secrets detector. */
  redact?: (text: string) => string;
  now?: () => number;
}

export interface Alerter {
  /** Reports an event; returns the alert it raised, if it raised one. */
  emit(event: AlertEvent): Alert | undefined;
  /**
   * Waits for webhook deliveries in flight, at most `withinMs`; returns how many alerts were
   * still undelivered then.
   */
  flush(withinMs?: number): Promise<number>;
}

/**
 * Turns gateway events into alerts on the log and an optional webhook, with thresholds for failed
 * logins and data transfer, de-duplication, and a rate limit so a storm stays a trickle.
 *
 * @example
 * const alerts = createAlerter({ ...config.alerts, logger });
 * alerts.emit({ type: "auth.failed", source: req.socket.remoteAddress ?? "unknown", principal: claimedSubject });
 */
export function createAlerter(options: AlerterOptions): Alerter {
  const now = options.now ?? Date.now;
  const { failed_auth, data_transfer, logger } = options;
  checkPositive("failed_auth.count", failed_auth.count);
  checkPositive("failed_auth.window_seconds", failed_auth.window_seconds);
  checkPositive("data_transfer.bytes", data_transfer.bytes);
  checkPositive("data_transfer.window_seconds", data_transfer.window_seconds);
  const baselineFactor = data_transfer.baseline_factor ?? 3;
  const dedupMs = (options.dedup_seconds ?? 300) * 1000;
  const perMinute = options.rate_limit?.per_minute ?? 20;
  const redact = options.redact ?? redactSecrets;
  const clean = (value: unknown) => cleanText(value, redact);

  const authWindowMs = failed_auth.window_seconds * 1000;
  const failuresBySource = new SlidingCounter(failed_auth.count, authWindowMs);
  const failuresByPrincipal = new SlidingCounter(failed_auth.count, authWindowMs);
  const transfers = new TransferWindows(data_transfer.window_seconds * 1000);
  const lastSent = new Map<string, number>();
  let tokens = perMinute;
  let refilledAt = now();
  let suppressed = 0;
  const webhook = options.webhook
    ? new WebhookSender(options.webhook, (message) => logger.warn({ alert_webhook: "failed" }, message))
    : undefined;

  function authAlert(
    event: Extract<AlertEvent, { type: "auth.failed" }>,
    at: number,
  ): AlertDraft | undefined {
    const source = clean(event.source);
    const principal = event.principal === undefined ? undefined : clean(event.principal);
    const bySource = failuresBySource.add(source, at) >= failed_auth.count;
    const byPrincipal =
      principal !== undefined && failuresByPrincipal.add(principal, at) >= failed_auth.count;
    if (!bySource && !byPrincipal) return undefined;
    // A burst from one source against one principal trips both rules at once: one incident, one alert.
    const keys = [
      bySource && `auth.failed:source:${source}`,
      byPrincipal && `auth.failed:principal:${principal}`,
    ];
    const who = [bySource && `from ${source}`, byPrincipal && `for ${principal}`].filter(Boolean).join(" ");
    return {
      keys: keys.filter((k): k is string => typeof k === "string"),
      alert: {
        type: "auth.failed",
        severity: "warning",
        summary: `${failed_auth.count} or more failed authentication attempts ${who} within ${failed_auth.window_seconds}s`,
        source,
        principal,
        count: failed_auth.count,
        window_seconds: failed_auth.window_seconds,
      },
    };
  }

  function transferAlert(
    event: Extract<AlertEvent, { type: "data.transfer" }>,
    at: number,
  ): AlertDraft | undefined {
    if (!(event.bytes >= 0) || !Number.isFinite(event.bytes)) return undefined;
    const principal = clean(event.principal);
    const { total, baseline } = transfers.add(principal, event.bytes, at);
    if (total <= data_transfer.bytes || total <= baselineFactor * baseline) return undefined;
    return {
      keys: [`data.transfer:${principal}`],
      alert: {
        type: "data.transfer",
        severity: "critical",
        summary: `${principal} transferred ${formatBytes(total)} within ${data_transfer.window_seconds}s (threshold ${formatBytes(data_transfer.bytes)}, usual ${formatBytes(Math.round(baseline))})`,
        principal,
        server: event.server === undefined ? undefined : clean(event.server),
        bytes: total,
        baseline_bytes: Math.round(baseline),
        window_seconds: data_transfer.window_seconds,
      },
    };
  }

  function isDuplicate(key: string, at: number): boolean {
    const last = lastSent.get(key);
    return last !== undefined && at - last < dedupMs;
  }

  function takeToken(at: number): boolean {
    tokens = Math.min(perMinute, tokens + ((at - refilledAt) / 60_000) * perMinute);
    refilledAt = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  function send(draft: AlertDraft | undefined, at: number): Alert | undefined {
    if (!draft || draft.keys.every((key) => isDuplicate(key, at))) return undefined;
    for (const key of draft.keys) lastSent.set(key, at);
    if (lastSent.size > 10_000) pruneDedup(at);
    if (!takeToken(at)) {
      if (suppressed === 0)
        logger.warn({ alert_rate_limit: perMinute }, "alert rate limit reached; suppressing alerts");
      suppressed += 1;
      return undefined;
    }
    const alert: Alert = { time: new Date(at).toISOString(), ...withoutUndefined(draft.alert) };
    if (suppressed > 0) alert.suppressed = suppressed;
    suppressed = 0;
    const log = alert.severity === "critical" ? logger.error : logger.warn;
    log.call(logger, { alert }, `alert: ${alert.summary}`);
    webhook?.send(alert);
    return alert;
  }

  function pruneDedup(at: number): void {
    for (const [key, time] of lastSent) if (at - time >= dedupMs) lastSent.delete(key);
  }

  return {
    emit(event) {
      const at = now();
      switch (event.type) {
        case "auth.failed":
          return send(authAlert(event, at), at);
        case "data.transfer":
          return send(transferAlert(event, at), at);
        default:
          return send(immediateAlert(event, clean), at);
      }
    },
    async flush(withinMs) {
      return (await webhook?.flush(withinMs)) ?? 0;
    },
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function checkPositive(name: string, value: number): void {
  if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) {
    throw new Error(`alerts.${name} must be a positive number`);
  }
}
