/**
 * Terminal styling: ANSI colours only when writing to a terminal and `NO_COLOR` is not set
 * (https://no-color.org). Callers decide; nothing here reads the process state.
 */

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

function wrap(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const PLAIN: Style = {
  bold: (t) => t,
  dim: (t) => t,
  red: (t) => t,
  yellow: (t) => t,
  green: (t) => t,
  cyan: (t) => t,
  magenta: (t) => t,
};

const COLOUR: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  green: wrap(32, 39),
  cyan: wrap(36, 39),
  magenta: wrap(35, 39),
};

/**
 * The style to use: colour on a TTY unless `NO_COLOR` is set to anything non-empty.
 *
 * @example
 * const s = styleFor(process.stdout.isTTY, process.env);
 * s.red("blocked");
 */
export function styleFor(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>> = {},
): Style {
  return isTTY && !env.NO_COLOR ? COLOUR : PLAIN;
}
