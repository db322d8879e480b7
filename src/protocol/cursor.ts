/**
 * Gateway cursors say which server to continue with and that server's own cursor. Opaque to
 * clients; a cursor that does not decode is refused rather than silently restarting.
 */
export function encodeCursor(server: number, cursor: string): string {
  return Buffer.from(JSON.stringify([server, cursor])).toString("base64url");
}

export function decodeCursor(cursor: string): { server: number; cursor: string } | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && typeof v[1] === "string") {
      return { server: v[0] as number, cursor: v[1] };
    }
  } catch {
    // fall through: not one of ours
  }
  return undefined;
}
