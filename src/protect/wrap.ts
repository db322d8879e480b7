/**
 * How a stdio launch is put under `bastion wrap` and taken back out. Pure.
 *
 * `{ command: "npx", args: ["-y", "pkg"] }` becomes
 * `{ command: "bastion", args: ["wrap", "--", "npx", "-y", "pkg"] }`.
 */

/** A stdio server's launch. */
export interface Launch {
  command: string;
  args: string[];
}

/** How to invoke Bastion: the executable and any arguments before `wrap`. */
export interface BastionInvocation {
  command: string;
  prefixArgs: string[];
}

/**
 * Normalises the `bastionCommand` option: a single executable (`"bastion"`, a path) or an argv
 * prefix (`["node", "/opt/bastion/dist/cli/main.js"]`).
 *
 * @throws Error when it is empty.
 */
export function bastionInvocation(bastionCommand: string | readonly string[] = "bastion"): BastionInvocation {
  const parts = typeof bastionCommand === "string" ? [bastionCommand] : [...bastionCommand];
  const [command, ...prefixArgs] = parts;
  if (!command || command.trim() === "") throw new Error("The Bastion command to wrap servers with is empty");
  return { command, prefixArgs };
}

function baseName(command: string): string {
  return (command.split(/[\\/]/).pop() ?? command).replace(/\.(cmd|exe|bat|ps1)$/i, "").toLowerCase();
}

/** Where `wrap --` sits in a wrapped launch's arguments, or -1. */
function wrapIndex(launch: Launch): number {
  for (let i = 0; i + 1 < launch.args.length; i++) {
    if (launch.args[i] === "wrap" && launch.args.indexOf("--", i + 1) > i) {
      const before = [launch.command, ...launch.args.slice(0, i)];
      if (before.some((part) => /bastion/i.test(baseName(part)) || /bastion/i.test(part))) return i;
    }
  }
  return -1;
}

/**
 * Whether a launch already runs under `bastion wrap` (by any invocation of Bastion), so that
 * protecting twice changes nothing.
 */
export function isWrapped(launch: Launch): boolean {
  return wrapIndex(launch) >= 0;
}

/**
 * The launch that runs `launch` under `bastion wrap`. An already wrapped launch is returned as is.
 *
 * @example
 * wrapLaunch({ command: "npx", args: ["-y", "pkg"] }, bastionInvocation());
 * // { command: "bastion", args: ["wrap", "--", "npx", "-y", "pkg"] }
 */
export function wrapLaunch(launch: Launch, bastion: BastionInvocation): Launch {
  if (isWrapped(launch)) return launch;
  return {
    command: bastion.command,
    args: [...bastion.prefixArgs, "wrap", "--", launch.command, ...launch.args],
  };
}

/** The original launch inside a wrapped one, or undefined when it is not wrapped. */
export function unwrapLaunch(launch: Launch): Launch | undefined {
  const index = wrapIndex(launch);
  if (index < 0) return undefined;
  const separator = launch.args.indexOf("--", index + 1);
  const [command, ...args] = launch.args.slice(separator + 1);
  return command === undefined ? undefined : { command, args };
}
