import type { Store } from "../store/store.js";
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyInfo } from "./api-keys.js";

/** What a `bastion keys …` command prints and how it exits. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * `bastion keys create --name NAME [--scopes a,b] [--expires 30d|never]`. The key alone goes to
 * stdout (so `KEY=$(bastion keys create …)` works); the notice that it is shown only once goes to stderr.
 */
export async function keysCreateCommand(options: {
  store: Store;
  name: string;
  /** A list, or one comma/space-separated string as typed on the command line. */
  scopes?: string[] | string;
  expires?: string;
  now?: () => number;
}): Promise<CommandOutput> {
  try {
    const { key, info } = await createApiKey(options.store, {
      name: options.name,
      scopes: splitScopes(options.scopes),
      ...(options.expires !== undefined ? { expiresIn: options.expires } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    const scopes = info.scopes.length ? info.scopes.join(" ") : "(none)";
    const stderr =
      `Created API key "${info.name}" (scopes: ${scopes}; expires: ${info.expiresAt ?? "never"}).\n` +
      `Store it now: it cannot be shown again. Clients send it as "Authorization: Bearer <key>".\n`;
    return { stdout: `${key}\n`, stderr, exitCode: 0 };
  } catch (error) {
    return usageError(error);
  }
}

/** `bastion keys list [--json]`: names, prefixes, scopes and expiry; never a key or hash. */
export async function keysListCommand(options: {
  store: Store;
  json?: boolean;
  now?: () => number;
}): Promise<CommandOutput> {
  const keys = await listApiKeys(options.store, options.now);
  if (options.json) return { stdout: `${JSON.stringify(keys, null, 2)}\n`, stderr: "", exitCode: 0 };
  if (keys.length === 0) return { stdout: "", stderr: "No API keys.\n", exitCode: 0 };
  return { stdout: table(keys), stderr: "", exitCode: 0 };
}

/** `bastion keys revoke NAME`: exits 1 when no key has that name. */
export async function keysRevokeCommand(options: { store: Store; name: string }): Promise<CommandOutput> {
  if (await revokeApiKey(options.store, options.name)) {
    return { stdout: `Revoked API key "${options.name}".\n`, stderr: "", exitCode: 0 };
  }
  return { stdout: "", stderr: `No API key named "${options.name}".\n`, exitCode: 1 };
}

function splitScopes(scopes: string[] | string | undefined): string[] {
  const list = typeof scopes === "string" ? [scopes] : (scopes ?? []);
  return list.flatMap((item) => item.split(/[\s,]+/)).filter((scope) => scope !== "");
}

function table(keys: ApiKeyInfo[]): string {
  const rows = [
    ["NAME", "PREFIX", "SCOPES", "CREATED", "EXPIRES", "STATUS"],
    ...keys.map((key) => [
      key.name,
      key.prefix,
      key.scopes.join(",") || "-",
      key.createdAt,
      key.expiresAt ?? "never",
      key.expired ? "expired" : "active",
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

function usageError(error: unknown): CommandOutput {
  return { stdout: "", stderr: `${error instanceof Error ? error.message : String(error)}\n`, exitCode: 2 };
}
