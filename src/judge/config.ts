import { z } from "zod";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The `poisoning_judge:` section of bastion.yaml: a language model asked for a second opinion on
 * definitions the rules rate `warn` (or, with `on: all`, on everything they do not block). The
 * key is never written here: `api_key_env` names the environment variable that holds it.
 *
 * @example
 * poisoning_judge:
 *   provider: openai                     # openai (any OpenAI-compatible endpoint) | anthropic
 *   base_url: http://127.0.0.1:11434/v1  # Ollama, vLLM, https://api.openai.com/v1, https://api.anthropic.com
 *   model: gpt-4o-mini
 *   api_key_env: OPENAI_API_KEY          # optional for local endpoints
 *   timeout_ms: 5000
 *   on: warn                             # warn | all
 */
export const poisoningJudgeSchema = z
  .object({
    provider: z.enum(["openai", "anthropic"]),
    /** OpenAI: the URL `/chat/completions` is appended to. Anthropic: the URL `/v1/messages` is appended to. */
    base_url: z.url({ protocol: /^https?$/, error: "an http(s) URL" }),
    model: z.string().min(1),
    /** Name of the environment variable that holds the API key. */
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name, like OPENAI_API_KEY")
      .optional(),
    // Present only to explain itself: a key written into the config would end up in backups and diffs.
    api_key: z
      .never({ error: "keys are not written in the config; name the variable that holds it in api_key_env" })
      .optional(),
    timeout_ms: z.number().int().positive().max(120_000).default(5000),
    /** Which rule verdicts go to the judge: `warn` only, or `all` (everything the rules do not block). */
    on: z.enum(["warn", "all"]).default("warn"),
  })
  .strict()
  .superRefine((judge, ctx) => {
    const url = new URL(judge.base_url);
    if (judge.api_key_env && url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
      ctx.addIssue({
        code: "custom",
        path: ["base_url"],
        message: "must be https: an API key is sent to it, and plain http would expose the key on the way",
      });
    }
  });

export type PoisoningJudgeConfig = z.output<typeof poisoningJudgeSchema>;
