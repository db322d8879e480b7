import type { IncomingMessage } from "node:http";

/** The body was larger than the configured limit. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds the limit of ${limit} bytes`);
  }
}

/** A request body as text, and its size on the wire (the audit's `bytes_in`). */
export interface Body {
  text: string;
  bytes: number;
}

/**
 * Reads a request body up to `limit` bytes. A declared length over the limit is refused before
 * reading; a body that grows past it is refused as soon as it does, without buffering the rest.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) return Promise.reject(new BodyTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () =>
      resolve({
        text: chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"),
        bytes: size,
      }),
    );
    req.on("error", reject);
  });
}
