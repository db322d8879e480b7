/** Outcome of fetching a JSON document from an identity provider. */
export type FetchJsonResult = { status: number; json?: unknown };

export interface FetchJsonOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * Fetches a JSON document with a deadline and a size cap, refusing redirects (a redirect could
 * move key material to another origin). Non-200 answers return their status without a body.
 * @throws on network errors, timeouts, oversize or non-JSON bodies, naming the URL.
 */
export async function fetchJson(url: string, options: FetchJsonOptions = {}): Promise<FetchJsonResult> {
  const maxBytes = options.maxBytes ?? 512 * 1024;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? "GET",
      headers: { accept: "application/json", ...options.headers },
      body: options.body,
      redirect: "error",
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (error) {
    throw new Error(`could not fetch ${url}: ${describe(error)}`, { cause: error });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return { status: response.status };
  }
  const text = await readCapped(response, maxBytes, url);
  try {
    return { status: 200, json: JSON.parse(text) };
  } catch {
    throw new Error(`${url} did not return JSON`);
  }
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new Error(`${url} returned ${declared} bytes, more than the ${maxBytes} allowed`);
  }
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`${url} returned more than the ${maxBytes} bytes allowed`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** Whether a value is a plain JSON object. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
