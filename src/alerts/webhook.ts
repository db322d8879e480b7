import type { Alert } from "./events.js";

export interface WebhookTarget {
  url: string;
  /** `json` posts the alert itself; `slack` posts `{ text }` for Slack-compatible incoming webhooks. */
  format: "json" | "slack";
  timeout_ms?: number;
}

/** The request body for an alert in the webhook's format. */
export function webhookBody(alert: Alert, format: WebhookTarget["format"]): string {
  if (format === "json") return JSON.stringify(alert);
  const icon = alert.severity === "critical" ? ":rotating_light:" : ":warning:";
  const suppressed = alert.suppressed
    ? ` (${alert.suppressed} more alerts suppressed by the rate limit)`
    : "";
  return JSON.stringify({
    text: `${icon} bastion ${alert.type}: ${slackEscape(alert.summary)}${suppressed}`,
  });
}

/** Slack treats `<…>` as links and mentions; escaping keeps event text from pinging a channel. */
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Posts alerts one at a time in the order given. Failures are reported through `onError` and
 * never thrown, so a dead webhook cannot slow or break the gateway.
 */
export class WebhookSender {
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly target: WebhookTarget,
    private readonly onError: (message: string) => void,
    private readonly maxQueued = 100,
  ) {}

  send(alert: Alert): void {
    if (this.queued >= this.maxQueued) {
      this.onError("alert webhook queue is full; alert dropped");
      return;
    }
    this.queued += 1;
    this.chain = this.chain.then(() => this.post(alert)).finally(() => (this.queued -= 1));
  }

  /**
   * Resolves when every alert queued before the call has been posted or has failed, or once
   * `withinMs` have passed; returns how many alerts (including any queued since) still wait.
   */
  async flush(withinMs = Number.POSITIVE_INFINITY): Promise<number> {
    if (this.queued === 0) return 0;
    if (!Number.isFinite(withinMs)) {
      await this.chain;
      return this.queued;
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)));
    try {
      await Promise.race([this.chain, deadline]);
    } finally {
      clearTimeout(timer);
    }
    return this.queued;
  }

  private async post(alert: Alert): Promise<void> {
    try {
      const res = await fetch(this.target.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: webhookBody(alert, this.target.format),
        signal: AbortSignal.timeout(this.target.timeout_ms ?? 5000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) this.onError(`alert webhook answered HTTP ${res.status}`);
    } catch (error) {
      // The URL itself may hold a credential (Slack hooks do), so only the error kind is reported.
      this.onError(`alert webhook unreachable: ${(error as Error).name}`);
    }
  }
}
