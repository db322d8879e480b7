import { isIP } from "node:net";
import type { Store } from "../store/store.js";
import type { LockoutConfig } from "./config.js";
import { expandIpv6 } from "./loopback.js";

/** Emitted once when a source address or a key prefix gets locked out. */
export interface LockoutAlert {
  type: "auth.lockout";
  /** The address (or IPv6 /64) the failing requests came from. */
  source: string;
  /** Whether the address itself or the presented key prefix reached the limit. */
  lockedBy: "address" | "key_prefix";
  keyPrefix?: string;
  failures: number;
  lockSeconds: number;
  /** ISO time the lock ends. */
  until: string;
}

/** Security events the authentication layer reports (the audit layer turns them into alerts). */
export type AuthAlert = LockoutAlert;

interface Subject {
  kind: "address" | "key_prefix";
  id: string;
}

/**
 * Counts failed authentications per source address and per presented key prefix in the shared
 * store (so every gateway instance sees them); after `max_failures` within `window_seconds`
 * the subject is locked for `lock_seconds`.
 */
export class Lockout {
  constructor(
    private readonly store: Store,
    private readonly config: LockoutConfig,
    private readonly onAlert: ((alert: AuthAlert) => void) | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the lock on a source address ends, or undefined when it is not locked. */
  addressLockedFor(source: string): Promise<number | undefined> {
    return this.lockedFor({ kind: "address", id: source });
  }

  /** Seconds until the lock on a key prefix ends, or undefined when it is not locked. */
  keyLockedFor(keyPrefix: string): Promise<number | undefined> {
    return this.lockedFor({ kind: "key_prefix", id: keyPrefix });
  }

  private async lockedFor(subject: Subject): Promise<number | undefined> {
    const lock = await this.store.get<{ until: number }>(lockKey(subject));
    if (!lock || typeof lock.until !== "number") return undefined;
    return Math.max(1, Math.ceil((lock.until - this.now()) / 1000));
  }

  /** Counts one failure; locks (and alerts) each subject that reaches the limit. */
  async recordFailure(source: string, keyPrefix?: string): Promise<void> {
    const { max_failures, window_seconds, lock_seconds } = this.config;
    for (const subject of subjects(source, keyPrefix)) {
      const failures = await this.store.increment(
        `auth/failures/${subject.kind}/${subject.id}`,
        1,
        window_seconds,
      );
      if (failures < max_failures) continue;
      const until = this.now() + lock_seconds * 1000;
      const locked = await this.store.setIfAbsent(lockKey(subject), { until }, lock_seconds);
      if (!locked) continue;
      this.alert({
        type: "auth.lockout",
        source,
        lockedBy: subject.kind,
        ...(subject.kind === "key_prefix" ? { keyPrefix: subject.id } : {}),
        failures,
        lockSeconds: lock_seconds,
        until: new Date(until).toISOString(),
      });
    }
  }

  private alert(alert: AuthAlert): void {
    try {
      this.onAlert?.(alert);
    } catch {
      // A failing alert sink must not turn a refusal into a crash.
    }
  }
}

function subjects(source: string, keyPrefix: string | undefined): Subject[] {
  const list: Subject[] = [{ kind: "address", id: source }];
  if (keyPrefix !== undefined) list.push({ kind: "key_prefix", id: keyPrefix });
  return list;
}

function lockKey(subject: Subject): string {
  return `auth/locks/${subject.kind}/${subject.id}`;
}

/**
 * The unit failures are counted by: the IPv4 address (also when IPv4-mapped), or the /64 of an
 * IPv6 address, since one IPv6 client usually holds a whole /64.
 */
export function lockoutSource(remoteAddress: string): string {
  const address = (remoteAddress.trim().toLowerCase().split("%")[0] ?? "").replace(/^\[|\]$/g, "");
  if (address === "") return "unknown";
  if (address.startsWith("::ffff:") && isIP(address.slice(7)) === 4) return address.slice(7);
  if (isIP(address) !== 6) return address;
  return `${expandIpv6(address).split(":").slice(0, 4).join(":")}::/64`;
}
