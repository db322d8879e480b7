import pino from "pino";

export type Logger = pino.Logger;

/**
 * Structured logs go to stderr, always: stdout belongs to the MCP stream under `bastion wrap`.
 * Secrets never reach a log line: callers log names and codes, not payloads.
 */
export function createLogger(level: string = process.env.BASTION_LOG_LEVEL ?? "info"): Logger {
  return pino(
    { level, base: { service: "bastion" }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 2, sync: false }),
  );
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
