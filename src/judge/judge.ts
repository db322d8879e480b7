import { fetchJson } from "../auth/fetch-json.js";
import { createDefinitionCache } from "../detect/definitions/index.js";
import { BLOCK_AT, type Finding, type ItemResult } from "../detect/poisoning/index.js";
import { parseJudgeAnswer, type JudgeAnswer } from "./answer.js";
import type { PoisoningJudgeConfig } from "./config.js";
import { judgePrompt } from "./prompt.js";
import { judgeRequest, replyText } from "./providers.js";

/** An item's rule result after the judge had its say, and why it had none if it failed. */
export interface JudgeReview {
  /** The rule result, or a copy escalated to `block` with an `llm-judge` finding first. */
  result: ItemResult;
  /** Set when the judge gave no usable answer: the rule verdict stands unchanged. */
  error?: string;
}

/** A configured judge. */
export interface PoisoningJudge {
  readonly model: string;
  /**
   * The judge's view of an item the rules analysed. Answers synchronously when the item does
   * not go to the judge or its answer is cached; never rejects.
   */
  review(result: ItemResult, definition: unknown): JudgeReview | Promise<JudgeReview>;
}

/** A judge config that cannot be used as it stands; the message names the key. */
export class JudgeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JudgeConfigError";
  }
}

export interface JudgeOptions {
  /** Where `api_key_env` is looked up; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Answers kept, by definition hash; default 10,000. */
  cacheSize?: number;
  /** How long a failed judgement is remembered before the judge is asked again; default 60 s. */
  retryAfterMs?: number;
}

type Outcome = { answer: JudgeAnswer } | { error: string; until: number };

/** Largest response body read from the endpoint. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * A finding for a malicious answer, and the result it escalates to: the judge can only add
 * weight, never remove it, so an endpoint that is wrong, down or talked round by the definition
 * it reads can at worst withhold an honest item, never pass a poisoned one.
 */
function escalate(result: ItemResult, answer: JudgeAnswer, model: string): ItemResult {
  if (!answer.malicious) return result;
  const finding: Finding = {
    rule: "llm-judge",
    severity: "high",
    path: "",
    evidence: answer.reason,
    explanation: `The poisoning judge (${model}) called it malicious: ${answer.reason}`,
  };
  return {
    ...result,
    verdict: "block",
    score: Math.max(result.score, BLOCK_AT),
    findings: [finding, ...result.findings],
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates the judge a `poisoning_judge` config describes. Reads the API key now, so a variable
 * that is not set stops start-up instead of failing every judgement later. Makes no request
 * until `review` is given an item that goes to the judge.
 *
 * @throws JudgeConfigError when `api_key_env` names a variable that is not set.
 * @example
 * const judge = createPoisoningJudge(config.poisoning_judge);
 * const { result, error } = await judge.review(analyzeTool(tool), tool);
 */
export function createPoisoningJudge(
  config: PoisoningJudgeConfig,
  options: JudgeOptions = {},
): PoisoningJudge {
  const env = options.env ?? process.env;
  let apiKey: string | undefined;
  if (config.api_key_env !== undefined) {
    apiKey = env[config.api_key_env];
    if (!apiKey)
      throw new JudgeConfigError(
        `poisoning_judge.api_key_env: environment variable ${config.api_key_env} is not set or is empty`,
      );
  }
  const retryAfterMs = options.retryAfterMs ?? 60_000;
  const answers = createDefinitionCache<Outcome>(options.cacheSize);
  // one request per definition however many sessions list it at once
  const pending = new Map<string, Promise<Outcome>>();

  async function ask(result: ItemResult, definition: unknown): Promise<Outcome> {
    try {
      const request = judgeRequest(config, apiKey, judgePrompt(result.kind, definition));
      const response = await fetchJson(request.url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        timeoutMs: config.timeout_ms,
        maxBytes: MAX_RESPONSE_BYTES,
      });
      if (response.status !== 200) throw new Error(`${request.url} answered HTTP ${response.status}`);
      return { answer: parseJudgeAnswer(replyText(config.provider, response.json)) };
    } catch (error) {
      return { error: message(error), until: Date.now() + retryAfterMs };
    }
  }

  const reviewOf = (result: ItemResult, outcome: Outcome): JudgeReview =>
    "answer" in outcome
      ? { result: escalate(result, outcome.answer, config.model) }
      : { result, error: outcome.error };

  return {
    model: config.model,
    review(result, definition) {
      // a block stays a block whatever the judge says, so asking would only cost a request
      const goes = config.on === "all" ? result.verdict !== "block" : result.verdict === "warn";
      if (!goes) return { result };
      const key = `${result.kind}:${result.hash}`;
      const known = answers.get(key);
      if (known && ("answer" in known || known.until > Date.now())) return reviewOf(result, known);
      let asking = pending.get(key);
      if (!asking) {
        asking = ask(result, definition).then((outcome) => {
          answers.set(key, outcome);
          pending.delete(key);
          return outcome;
        });
        pending.set(key, asking);
      }
      return asking.then((outcome) => reviewOf(result, outcome));
    },
  };
}
