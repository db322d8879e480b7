/**
 * The tamper-evident audit: one hash-chained record per decision, written with group commit, and
 * the commands that verify, tail, query and export it.
 */
export { createAuditLog, AuditWriteError, AUDIT_LOG } from "./log.js";
export type { AuditLog, AuditLogOptions, AuditWriteFailure } from "./log.js";
export { verifyAudit } from "./verify.js";
export type { AuditProblem, AuditVerification, VerifyOptions } from "./verify.js";
export { AUDIT_DECISIONS, argumentsForAudit } from "./record.js";
export type { ArgumentsMode, AuditDecision, AuditInput, AuditRecord, Redactor } from "./record.js";
export {
  CHECKPOINT_LOG,
  loadCheckpointKeys,
  signCheckpoint,
  checkpointSignatureValid,
} from "./checkpoint.js";
export type { Checkpoint, CheckpointKeys } from "./checkpoint.js";
export { auditVerifyCommand, auditTailCommand, auditQueryCommand, auditExportCommand } from "./commands.js";
export type { CommandResult } from "./commands.js";
export { auditConfigSchema, auditLogOptionsFromConfig } from "./config.js";
export type { AuditConfig } from "./config.js";
export { canonicalJson, chainHash, GENESIS_HASH } from "./hash.js";
export { auditJournalPath, lockJournal, recoverJournalFile, withJournal } from "./journal.js";
