import type { TaintLabel } from "./labels.js";

/** The labels a session can pick up; `egress` is what a tool does, not what a session holds. */
export type HeldLabel = Exclude<TaintLabel, "egress">;

/** One call that brought a label into a session. */
export interface TaintStep {
  label: HeldLabel;
  /** The tool as the client called it (`web__fetch_url`). */
  target: string;
  /** When the call completed, in ms since the epoch. */
  at: number;
}

/** What a session has touched, and the calls that did it, oldest first. */
export interface SessionTaint {
  readonly touched: ReadonlySet<HeldLabel>;
  readonly chain: readonly TaintStep[];
}

export interface SessionTaintsOptions {
  /** Most sessions remembered; the least recently active is forgotten first (default 10,000). */
  maxSessions?: number;
  /** A session idle this long is forgotten (default 1,800 s, the gateway's session idle time). */
  idleSeconds?: number;
  /** Clock in ms, for tests. */
  now?: () => number;
  /** Told when a session still within its idle time is forgotten to make room. */
  onEvict?: (sessionId: string) => void;
}

/** Most steps kept per session: enough to show how it was tainted, bounded whatever it does. */
const MAX_CHAIN = 32;

interface Entry {
  touched: Set<HeldLabel>;
  chain: TaintStep[];
  lastSeen: number;
}

/**
 * Session taint kept in memory: which labels each session has touched and through which calls.
 * A session that has touched nothing takes no room. Entries are kept in order of last activity,
 * so expiring idle sessions and evicting the least recent one are both cheap.
 *
 * @example
 * const taints = new SessionTaints({ idleSeconds: 1800 });
 * taints.record("s1", "untrusted", "web__fetch_url");
 * taints.get("s1")?.touched.has("untrusted"); // true
 */
export class SessionTaints {
  private readonly entries = new Map<string, Entry>();
  private readonly maxSessions: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: SessionTaintsOptions = {}) {
    this.maxSessions = positive(opts.maxSessions ?? 10_000, "maxSessions");
    this.idleMs = positive(opts.idleSeconds ?? 1800, "idleSeconds") * 1000;
    this.now = opts.now ?? Date.now;
  }

  /** How many sessions hold some taint now. */
  get size(): number {
    this.expire(this.now());
    return this.entries.size;
  }

  /** Records that a completed call brought `label` into the session. */
  record(sessionId: string, label: HeldLabel, target: string): void {
    const now = this.now();
    this.expire(now);
    let entry = this.entries.get(sessionId);
    if (entry) this.entries.delete(sessionId);
    else {
      entry = { touched: new Set(), chain: [], lastSeen: now };
      this.makeRoom();
    }
    entry.lastSeen = now;
    this.entries.set(sessionId, entry);
    entry.touched.add(label);
    const seen = entry.chain.some((s) => s.label === label && s.target === target);
    if (!seen && entry.chain.length < MAX_CHAIN) entry.chain.push({ label, target, at: now });
  }

  /** The session's taint, or undefined for a session that has touched nothing (or was forgotten). */
  get(sessionId: string): SessionTaint | undefined {
    const now = this.now();
    this.expire(now);
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    this.entries.delete(sessionId);
    entry.lastSeen = now;
    this.entries.set(sessionId, entry);
    return entry;
  }

  /** Drops sessions idle past their time; the oldest activity is first in the map. */
  private expire(now: number): void {
    for (const [id, entry] of this.entries) {
      if (now - entry.lastSeen < this.idleMs) return;
      this.entries.delete(id);
    }
  }

  private makeRoom(): void {
    while (this.entries.size >= this.maxSessions) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.opts.onEvict?.(oldest);
    }
  }
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`taint ${name} must be a positive number, got ${value}`);
  }
  return value;
}
