import type { UpstreamConnection } from "../upstream/connection.js";
import type { Session } from "../session/session.js";
import type { ListKind } from "../guards/guard.js";
import type { Logger } from "../log.js";
import { encodeCursor } from "../protocol/cursor.js";

/** Each list method, the capability that offers it and the result field holding its items. */
export const LISTS: Record<string, { kind: ListKind; capability: string; field: string }> = {
  "tools/list": { kind: "tools", capability: "tools", field: "tools" },
  "prompts/list": { kind: "prompts", capability: "prompts", field: "prompts" },
  "resources/list": { kind: "resources", capability: "resources", field: "resources" },
  "resources/templates/list": {
    kind: "resourceTemplates",
    capability: "resources",
    field: "resourceTemplates",
  },
};

type Item = Record<string, unknown>;

/**
 * One page of a list merged across servers in config order. Servers from the cursor's position
 * on are asked at once; the page ends at the first server that has more pages of its own, so
 * paging through gives every item of every server exactly once. A server that is down is left
 * out of the page (and logged) rather than failing the whole list.
 */
export async function mergedPage(
  session: Session,
  method: string,
  startAt: { server: number; cursor?: string },
  log: Logger,
): Promise<{ items: Array<{ server: string; item: Item }>; nextCursor?: string }> {
  const spec = LISTS[method]!;
  const order = session.serverOrder;
  const asks: Array<{ index: number; conn: UpstreamConnection; cursor?: string }> = [];
  for (let i = startAt.server; i < order.length; i++) {
    const conn = session.upstreams.get(order[i]!);
    if (!conn || conn.state !== "ready" || !conn.result?.capabilities[spec.capability]) continue;
    asks.push(
      i === startAt.server && startAt.cursor !== undefined
        ? { index: i, conn, cursor: startAt.cursor }
        : { index: i, conn },
    );
  }
  const pages = await Promise.all(
    asks.map(({ conn, cursor }) =>
      conn.call(method, cursor === undefined ? undefined : { cursor }).catch((e: Error) => {
        log.warn({ server: conn.server, method, err: e.message }, "list failed on one server; left out");
        return undefined;
      }),
    ),
  );
  const items: Array<{ server: string; item: Item }> = [];
  for (let k = 0; k < asks.length; k++) {
    const page = pages[k];
    if (!page) continue;
    const server = asks[k]!.conn.server;
    const list = page[spec.field];
    if (Array.isArray(list))
      for (const item of list)
        if (item && typeof item === "object") items.push({ server, item: item as Item });
    if (typeof page.nextCursor === "string")
      return { items, nextCursor: encodeCursor(asks[k]!.index, page.nextCursor) };
  }
  return { items };
}
