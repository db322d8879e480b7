import type { Store } from "../store/store.js";
import { ApprovalError, Approvals } from "./approvals.js";
import type { ApprovalRecord } from "./record.js";

/** What a CLI command prints and how it exits. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface CommandOptions {
  store: Store;
  /** Clock in ms, for tests. */
  now?: () => number;
}

/**
 * `bastion approvals list [--json]`: every approval the store keeps, oldest first, with its
 * status (pending, approved, denied, expired), who asked, which tool on which server, the
 * arguments and when it expires. Exit code 0.
 *
 * @example const { stdout } = await approvalsListCommand({ store, json: true });
 */
export async function approvalsListCommand(
  options: CommandOptions & { json?: boolean },
): Promise<CommandOutput> {
  const entries = await approvalsOf(options).list();
  if (options.json) {
    const rows = entries.map(({ record, status }) => ({ ...record, status }));
    return { stdout: JSON.stringify(rows, null, 2) + "\n", stderr: "", exitCode: 0 };
  }
  if (entries.length === 0) return { stdout: "no approvals\n", stderr: "", exitCode: 0 };
  const lines = entries.map(
    ({ record, status }) =>
      `${record.id}  ${status.padEnd(8)}  ${record.subject}  ${record.server}  ${record.tool}  ` +
      `expires ${record.expiresAt}  rule ${record.ruleId}\n    args ${record.argsPreview}`,
  );
  return { stdout: lines.join("\n") + "\n", stderr: "", exitCode: 0 };
}

/**
 * `bastion approvals approve ID`: lets the held call run once (the same principal repeats the
 * same call before the approval expires). Exit code 1 with the reason on stderr when the id is
 * malformed, unknown, expired or already answered.
 *
 * @example await approvalsApproveCommand({ store, id: "3f2a9c0d1e4b5a67" });
 */
export function approvalsApproveCommand(options: CommandOptions & { id: string }): Promise<CommandOutput> {
  return answer(options, "approve");
}

/**
 * `bastion approvals deny ID`: refuses the held call; the caller is told on its next attempt.
 * Exit code 1 with the reason on stderr when the id is malformed, unknown, expired or already
 * answered.
 *
 * @example await approvalsDenyCommand({ store, id: "3f2a9c0d1e4b5a67" });
 */
export function approvalsDenyCommand(options: CommandOptions & { id: string }): Promise<CommandOutput> {
  return answer(options, "deny");
}

async function answer(
  options: CommandOptions & { id: string },
  verb: "approve" | "deny",
): Promise<CommandOutput> {
  let record: ApprovalRecord;
  try {
    const approvals = approvalsOf(options);
    record = verb === "approve" ? await approvals.approve(options.id) : await approvals.deny(options.id);
  } catch (error) {
    if (!(error instanceof ApprovalError)) throw error;
    return { stdout: "", stderr: `error: ${error.message}\n`, exitCode: 1 };
  }
  const call = `${record.tool} on ${record.server} for ${record.subject} with ${record.argsPreview}`;
  const stdout =
    verb === "approve"
      ? `approved ${record.id}: ${call}\nthe same call may now run once, until ${record.expiresAt}\n`
      : `denied ${record.id}: ${call}\n`;
  return { stdout, stderr: "", exitCode: 0 };
}

function approvalsOf(options: CommandOptions): Approvals {
  return options.now ? new Approvals(options.store, { now: options.now }) : new Approvals(options.store);
}
