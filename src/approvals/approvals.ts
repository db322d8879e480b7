import type { ApprovalBinding } from "../policy/index.js";
import type { Store } from "../store/store.js";
import {
  DEFAULT_APPROVAL_TTL_SECONDS,
  EXPIRED_RETENTION_SECONDS,
  indexKey,
  isApprovalId,
  newApprovalId,
  previewArguments,
  recordKey,
  statusAt,
  APPROVALS_PREFIX,
  type ApprovalRecord,
  type ApprovalStatus,
} from "./record.js";

/** Why an approval could not be answered; `message` is meant for the person answering. */
export class ApprovalError extends Error {
  override readonly name = "ApprovalError";

  constructor(
    readonly reason: "invalid_id" | "not_found" | "expired" | "already_decided",
    message: string,
  ) {
    super(message);
  }
}

/** A call that needs a human's answer: its binding, its digest and the rule that asked. */
export interface ApprovalRequest extends ApprovalBinding {
  digest: string;
  ruleId: string;
}

export interface ApprovalsOptions {
  /** How long an approval stays valid after it is requested (default 600 s). */
  ttlSeconds?: number;
  /** Clock in ms, for tests; share it with the store's clock. */
  now?: () => number;
}

/**
 * Approvals kept in a `Store`: requested by the policy guard, answered by people (CLI, web
 * console), consumed once by the call they are bound to. Each record lives under
 * `approvals/<id>`; an index under `approval-index/<digest>` finds the approval a repeated call
 * is bound to. Records outlive their expiry by an hour so "expired" can be told apart from
 * "unknown", then the store drops them.
 *
 * @example
 * const approvals = new Approvals(store);
 * const record = await approvals.request({ ...binding, digest: approvalDigest(binding), ruleId: "needs-review" });
 * await approvals.approve(record.id);
 */
export class Approvals {
  readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    options: ApprovalsOptions = {},
  ) {
    const ttl = options.ttlSeconds ?? DEFAULT_APPROVAL_TTL_SECONDS;
    if (!Number.isFinite(ttl) || ttl <= 0) {
      throw new RangeError(`approval ttlSeconds must be a positive number of seconds, got ${ttl}`);
    }
    this.ttlSeconds = ttl;
    this.now = options.now ?? Date.now;
  }

  /** Where a record stands now. */
  statusOf(record: ApprovalRecord): ApprovalStatus {
    return statusAt(record, this.now());
  }

  /** The approval bound to `digest`, in whatever state, while the store keeps it. */
  async find(digest: string): Promise<ApprovalRecord | undefined> {
    const id = await this.store.get<string>(indexKey(digest));
    if (typeof id !== "string") return undefined;
    const record = await this.store.get<ApprovalRecord>(recordKey(id));
    return record?.digest === digest ? record : undefined;
  }

  /** One approval by id, or undefined when the store no longer has it. */
  async get(id: string): Promise<ApprovalRecord | undefined> {
    if (!isApprovalId(id)) return undefined;
    return this.store.get<ApprovalRecord>(recordKey(id));
  }

  /** Every approval the store still keeps, oldest first, with its status now. */
  async list(): Promise<Array<{ record: ApprovalRecord; status: ApprovalStatus }>> {
    const entries = await this.store.list<ApprovalRecord>(APPROVALS_PREFIX);
    return entries
      .map(({ value }) => ({ record: value, status: this.statusOf(value) }))
      .sort((a, b) => a.record.createdAt.localeCompare(b.record.createdAt));
  }

  /**
   * A pending approval for the call: a new one, or the one a concurrent identical call has just
   * created (the index admits one per digest).
   */
  async request(request: ApprovalRequest): Promise<ApprovalRecord> {
    const now = this.now();
    const record: ApprovalRecord = {
      id: newApprovalId(),
      status: "pending",
      subject: request.subject,
      server: request.server,
      tool: request.tool,
      argsPreview: previewArguments(request.args),
      digest: request.digest,
      policyVersion: request.policyVersion,
      ruleId: request.ruleId,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.ttlSeconds * 1000).toISOString(),
    };
    const keep = this.keepSeconds(record);
    await this.store.set(recordKey(record.id), record, keep);
    if (await this.store.setIfAbsent(indexKey(record.digest), record.id, keep)) return record;
    const other = await this.find(record.digest);
    if (other && this.statusOf(other) === "pending") {
      await this.store.delete(recordKey(record.id));
      return other;
    }
    // the index pointed at an approval that is gone or settled: this one replaces it
    await this.store.set(indexKey(record.digest), record.id, keep);
    return record;
  }

  /** Approves a pending approval; its call may then run once before it expires. */
  approve(id: string): Promise<ApprovalRecord> {
    return this.answer(id, "approved");
  }

  /** Denies a pending approval; the next identical call is told so. */
  deny(id: string): Promise<ApprovalRecord> {
    return this.answer(id, "denied");
  }

  /**
   * Uses an approved approval up. True only for the one caller that removed it from the store
   * while it was approved and unexpired, so an approval releases at most one call.
   */
  async consume(record: ApprovalRecord): Promise<boolean> {
    const taken = await this.store.take<ApprovalRecord>(recordKey(record.id));
    await this.dropIndex(record);
    return (
      taken?.digest === record.digest && taken.status === "approved" && this.statusOf(taken) === "approved"
    );
  }

  /** Removes an approval that has served its purpose (reported as denied or expired, or superseded). */
  async forget(record: ApprovalRecord): Promise<void> {
    await this.store.delete(recordKey(record.id));
    await this.dropIndex(record);
  }

  private async answer(id: string, status: "approved" | "denied"): Promise<ApprovalRecord> {
    if (!isApprovalId(id)) {
      throw new ApprovalError(
        "invalid_id",
        `"${id}" is not an approval id (expected 16 hex characters, as printed by "bastion approvals list")`,
      );
    }
    const record = await this.store.get<ApprovalRecord>(recordKey(id));
    if (!record) {
      throw new ApprovalError(
        "not_found",
        `no approval ${id}: it was never requested, has been used, or expired more than an hour ago`,
      );
    }
    const current = this.statusOf(record);
    if (current === "expired") {
      throw new ApprovalError(
        "expired",
        `approval ${id} expired at ${record.expiresAt}; repeat the call to request a new one`,
      );
    }
    if (current !== "pending") {
      throw new ApprovalError(
        "already_decided",
        `approval ${id} was already ${current} at ${record.decidedAt}`,
      );
    }
    const answered: ApprovalRecord = { ...record, status, decidedAt: new Date(this.now()).toISOString() };
    await this.store.set(recordKey(id), answered, this.keepSeconds(answered));
    return answered;
  }

  private async dropIndex(record: ApprovalRecord): Promise<void> {
    const key = indexKey(record.digest);
    if ((await this.store.get<string>(key)) === record.id) await this.store.delete(key);
  }

  /** Store TTL: the time left until expiry, plus the retention that lets "expired" be reported. */
  private keepSeconds(record: ApprovalRecord): number {
    const left = Math.max(0, Date.parse(record.expiresAt) - this.now()) / 1000;
    return Math.ceil(left + EXPIRED_RETENTION_SECONDS);
  }
}
