/**
 * Client configs may reference variables: VS Code and Cursor write `${env:NAME}`, `${userHome}`
 * and `${workspaceFolder}`; Claude Code writes `${NAME}` and `${NAME:-default}`. The scanner
 * expands them the way the client would, from the values it is given (never from a global).
 */

/** The values a reference may take. Missing names stay as written, so the failure is visible. */
export interface VariableValues {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  workspaceFolder: string;
}

const REFERENCE = /\$\{([^}]+)\}/g;

/**
 * Expands `${…}` references in one string.
 *
 * @example
 * expandVariables("${userHome}/notes", { env: {}, home: "/home/ada", workspaceFolder: "/w" }); // "/home/ada/notes"
 */
export function expandVariables(text: string, values: VariableValues): string {
  return text.replace(REFERENCE, (whole, inner: string) => {
    if (inner === "userHome") return values.home;
    if (inner === "workspaceFolder") return values.workspaceFolder;
    const name = inner.startsWith("env:") ? inner.slice(4) : inner;
    const [variable = "", fallback] = name.split(":-", 2);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) return whole;
    return values.env[variable] ?? fallback ?? whole;
  });
}

/** Expands every value of a string map. */
export function expandRecord(
  record: Readonly<Record<string, string>> | undefined,
  values: VariableValues,
): Record<string, string> | undefined {
  if (!record) return undefined;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, expandVariables(v, values)]));
}
