import type { PoisoningJudgeConfig } from "./config.js";
import type { JudgePrompt } from "./prompt.js";

/** One HTTP request to a judge endpoint. */
export interface JudgeRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Enough for `{"malicious": …, "reason": "one short sentence"}` with room for a preamble. */
const MAX_ANSWER_TOKENS = 256;

/**
 * The request for a provider: OpenAI's chat completions (which Ollama, vLLM and most local
 * servers speak too) or Anthropic's messages API. Temperature 0, so the same definition gets the
 * same answer.
 *
 * @example
 * judgeRequest({ provider: "openai", base_url: "http://127.0.0.1:11434/v1", model: "llama3.1", ... }, undefined, prompt).url
 * // "http://127.0.0.1:11434/v1/chat/completions"
 */
export function judgeRequest(
  config: PoisoningJudgeConfig,
  apiKey: string | undefined,
  prompt: JudgePrompt,
): JudgeRequest {
  const base = config.base_url.replace(/\/+$/, "");
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (config.provider === "anthropic") {
    if (apiKey !== undefined) headers["x-api-key"] = apiKey;
    headers["anthropic-version"] = "2023-06-01";
    return {
      url: `${base}/v1/messages`,
      headers,
      body: JSON.stringify({
        model: config.model,
        max_tokens: MAX_ANSWER_TOKENS,
        temperature: 0,
        system: prompt.system,
        messages: [{ role: "user", content: prompt.user }],
      }),
    };
  }
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
  return {
    url: `${base}/chat/completions`,
    headers,
    body: JSON.stringify({
      model: config.model,
      max_tokens: MAX_ANSWER_TOKENS,
      temperature: 0,
      messages: [
        { role: "system", content: prompt.system },
        { role: "user", content: prompt.user },
      ],
    }),
  };
}

/**
 * The model's reply text from a provider's response body.
 *
 * @throws Error naming the field that is missing.
 */
export function replyText(provider: PoisoningJudgeConfig["provider"], body: unknown): string {
  if (provider === "anthropic") {
    const content = (body as { content?: unknown } | null)?.content;
    if (!Array.isArray(content)) throw new Error("the response has no content array");
    const texts = content
      .filter((block): block is { type: "text"; text: string } => {
        const b = block as { type?: unknown; text?: unknown } | null;
        return b?.type === "text" && typeof b.text === "string";
      })
      .map((block) => block.text);
    if (texts.length === 0) throw new Error("the response has no text content");
    return texts.join("\n");
  }
  const choices = (body as { choices?: unknown } | null)?.choices;
  const content = Array.isArray(choices)
    ? (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content
    : undefined;
  if (typeof content !== "string") throw new Error("the response has no choices[0].message.content");
  return content;
}
