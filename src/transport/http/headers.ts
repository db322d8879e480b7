import type { JsonRpcRequest } from "../../protocol/jsonrpc.js";

const NAMED: Record<string, "name" | "uri"> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
};
const SENTINEL = /^=\?base64\?(.*)\?=$/;
const SAFE = /^[\x21-\x7e]([\x20-\x7e\t]*[\x21-\x7e])?$/;

/**
 * Checks the request-metadata headers of the 2026-07-28 revision against the body, so nothing
 * that routes or limits by header can be told something other than what the server executes.
 * Returns what is wrong, or undefined.
 */
export function checkRequestHeaders(
  message: JsonRpcRequest,
  version: string,
  header: (name: string) => string | undefined,
): string | undefined {
  const pv = header("mcp-protocol-version");
  if (pv === undefined) return "MCP-Protocol-Version header is required";
  if (pv !== version)
    return `MCP-Protocol-Version header value '${pv}' does not match body value '${version}'`;
  const method = header("mcp-method");
  if (method === undefined) return "Mcp-Method header is required";
  if (method !== message.method)
    return `Mcp-Method header value '${method}' does not match body value '${message.method}'`;
  const field = NAMED[message.method];
  if (field) {
    const raw = header("mcp-name");
    const body = message.params?.[field];
    if (raw === undefined) return "Mcp-Name header is required";
    const value = decodeHeaderValue(raw);
    if (value === undefined) return "Mcp-Name header value has invalid characters";
    if (value !== body) return `Mcp-Name header value '${value}' does not match body value '${String(body)}'`;
  }
  return undefined;
}

/** Decodes a header value that may use the `=?base64?…?=` sentinel; undefined when it is invalid. */
export function decodeHeaderValue(raw: string): string | undefined {
  const m = SENTINEL.exec(raw);
  if (m) {
    const b64 = m[1]!;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return undefined;
    return Buffer.from(b64, "base64").toString("utf8");
  }
  return SAFE.test(raw) ? raw : undefined;
}
