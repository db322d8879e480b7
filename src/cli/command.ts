/** One CLI command: its usage text and what it does. Exit codes: 0 ok, 1 findings/failure, 2 bad input. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
