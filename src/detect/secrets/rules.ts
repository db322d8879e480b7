import { isPlaceholder, looksLikeAssignedSecret, shannonEntropy } from "./lookalike.js";

/*
 * Why Bastion carries its own rule table instead of running secretlint's recommended preset.
 * eval/secrets.ts runs both on the same corpus: the preset's `lintSource` is asynchronous and
 * builds a rule context per call, takes about four times as long per sample, finds about half of
 * the fake credentials (it has no rule for a lone AWS key id, GCP API keys, Stripe, Azure
 * connection strings, JWTs, several LLM vendors or `password=` assignments, and its private-key
 * check misses EC keys) and flags about 8% of the look-alikes (placeholder database URLs,
 * basic-auth examples). Gateway inspection runs inline on every message, so it must be
 * synchronous and cost a few tens of microseconds on 10 KB. The rules below keep the shape of
 * gitleaks-style rule files (an id, literal keywords that pick where a regex runs, an entropy
 * floor, allowlists), so each stays declarative and comparable with those maintained sets.
 */

/** The kinds of credential Bastion recognises, as they appear in `[REDACTED:<kind>]`. */
export const SECRET_KINDS = [
  "aws-access-key-id",
  "aws-secret-access-key",
  "gcp-api-key",
  "gcp-service-account-key",
  "azure-connection-string",
  "github-token",
  "github-fine-grained-token",
  "gitlab-token",
  "slack-token",
  "slack-webhook-url",
  "stripe-live-key",
  "openai-api-key",
  "anthropic-api-key",
  "groq-api-key",
  "huggingface-token",
  "xai-api-key",
  "perplexity-api-key",
  "openrouter-api-key",
  "replicate-api-token",
  "npm-token",
  "jwt",
  "private-key",
  "database-url",
  "url-credentials",
  "authorization-header",
  "secret-assignment",
] as const;

export type SecretKind = (typeof SECRET_KINDS)[number];

/** What a rule's extra check sees besides the secret itself. */
export interface RuleMatch {
  groups: Record<string, string | undefined>;
  /** Up to 32 characters of text before the match. */
  before: string;
  /** The character right after the match ("" at the end of the text). */
  after: string;
}

/**
 * One detection rule. `pattern` is sticky (flags `dy`, plus `i` where case does not matter) and
 * runs at each place one of the rule's `anchors` occurs, so it must start with the anchor. Its
 * `secret` group (or `bareSecret`, for a second alternative, or else the whole match) is the span
 * that gets redacted.
 */
export interface SecretRule {
  kind: SecretKind;
  /**
   * Lower-case literals found case-insensitively in one pass over the text for all rules
   * together; the pattern runs only where one of them occurs.
   */
  anchors: readonly string[];
  pattern: RegExp;
  /** The match must not continue a word: the character before it is not a letter or digit. */
  standalone?: boolean;
  /** Minimal Shannon entropy, in bits per character, of the part after a fixed prefix. */
  minEntropy?: number;
  /** Length of the fixed prefix that `minEntropy` skips. */
  prefixLength?: number;
  /** Extra check on the secret; false drops the candidate. */
  accept?(secret: string, match: RuleMatch): boolean;
}

function isJwt(token: string): boolean {
  const [header, , signature] = token.split(".");
  if (!header || isPlaceholder(signature ?? "")) return false;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    return typeof decoded === "object" && decoded !== null && "alg" in decoded;
  } catch {
    return false;
  }
}

function hasBothCases(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value);
}

function isRealUrlPassword(secret: string, { groups }: RuleMatch): boolean {
  const lower = secret.toLowerCase();
  if (/^(?:pass(?:word)?|pwd|secret|\$.*|\{.*|%.*|\*+|x+)$/.test(lower)) return false;
  // "somepassword", "authpassword", "mysecret": a word that names the thing, not the thing.
  if (/^[a-z]*(?:pass|pwd|secret)[a-z]*$/.test(secret)) return false;
  return secret.length >= 6 && lower !== (groups.user ?? "").toLowerCase() && !isPlaceholder(secret);
}

// Assignment rules run at each keyword; "key" only counts after a word that makes it a credential.
const ASSIGNMENT_KEYWORDS = ["pass", "pwd", "secret", "token", "credential", "key"];
const ASSIGNMENT_NAME = "(?<name>(?:pass|pwd|secret|token|credential|key)[A-Za-z0-9_.-]{0,24})";
const ASSIGNMENT_OPERATOR = "[\"'`]?[ \\t]*(?::=|=>|[:=])[ \\t]*";
const CREDENTIAL_KEY_PREFIX =
  /(?:api|access|auth|private|signing|encryption|master|license|client)[_\-. ]?$/i;
// Names that hold identifiers, sizes or locations of a secret rather than the secret itself.
// Badge URLs carry public read tokens ("badge.svg?token=…").
const NOT_A_SECRET_PREFIX =
  /(?:page|cursor|next|sync|continuation|csrf|xsrf|max|num|total)[_\-. ]?$|badge\.(?:svg|png)\?$/i;
const NOT_A_SECRET_SUFFIX =
  /(?:type|url|uri|endpoint|expiry|expires|ttl|limit|count|file|path|name|len|length|id|ids|env|var|header|field|prefix|format|usage)$/i;

function isAssignedSecret(secret: string, match: RuleMatch): boolean {
  const name = match.groups.name ?? "";
  // An unquoted value followed by "(" or "." is an expression going on: `token = getToken()`.
  if (match.groups.bareSecret !== undefined && /^[(.[]/.test(match.after)) return false;
  if (/^key/i.test(name) && !CREDENTIAL_KEY_PREFIX.test(match.before)) return false;
  // "bypass", "compass": a lower-case "pass" glued to a word is not a password name; "dbPassword" is.
  if (/^pass/.test(name) && /[A-Za-z]$/.test(match.before)) return false;
  if (NOT_A_SECRET_PREFIX.test(match.before) || NOT_A_SECRET_SUFFIX.test(name)) return false;
  return looksLikeAssignedSecret(secret);
}

const DATABASE_SCHEME =
  /(?:^|[^A-Za-z0-9])(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb|couchdbs?|neo4j(?:\+s)?|bolt|oracle|db2|snowflake|jdbc:[a-z]+)(?:\+[a-z0-9]+)?$/i;
const NETWORK_SCHEME =
  /(?:^|[^A-Za-z0-9])(?:https?|ftps?|sftp|smtps?|imaps?|ldaps?|ssh|git)(?:\+[a-z0-9]+)?$/i;
const URL_USERINFO = /:\/\/(?<user>[^\s:/@'"<>]*):(?<secret>[^\s@'"<>/]+)@(?=[A-Za-z0-9.[_-])/dy;

/** Rules in priority order: where two findings overlap, the earlier rule's finding is kept. */
export const SECRET_RULES: readonly SecretRule[] = [
  {
    kind: "gcp-service-account-key",
    anchors: ['"private_key"'],
    pattern:
      /"private_key"\s*:\s*"(?<secret>-----BEGIN [A-Z ]*PRIVATE KEY-----(?<body>[^"]*)-----END [A-Z ]*PRIVATE KEY-----(?:\\n)?)"/dy,
    accept: (_secret, match) => (match.groups.body ?? "").replace(/\\[nr]|\s/g, "").length >= 64,
  },
  {
    kind: "private-key",
    anchors: ["-----begin "],
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:\\[nr]|\s)*(?:[A-Za-z-]+:[^\r\n\\]*(?:\\[nr]|\s)+)*(?<body>(?:[A-Za-z0-9+/=]|\\[nr]|\s)+)(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)?/dy,
    accept: (_secret, match) => (match.groups.body ?? "").replace(/\\[nr]|\s/g, "").length >= 64,
  },
  {
    kind: "aws-access-key-id",
    anchors: ["akia", "asia", "abia", "acca"],
    pattern: /(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/dy,
    standalone: true,
    minEntropy: 2.5,
    prefixLength: 4,
  },
  {
    kind: "aws-secret-access-key",
    anchors: ["secret"],
    pattern:
      /secret[_\-. ]?(?:access[_\-. ]?)?key["'`]?(?:\s*(?:[:=]|=>|:=)\s*|[ \t]+)["'`]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/diy,
    minEntropy: 3.5,
    accept: hasBothCases,
  },
  {
    kind: "aws-secret-access-key",
    anchors: ["akia", "asia"],
    pattern:
      /(?:AKIA|ASIA)[A-Z2-7]{16}["'`]?[\s,;:|=]{1,12}["'`]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dy,
    minEntropy: 3.5,
    accept: hasBothCases,
  },
  {
    kind: "gcp-api-key",
    anchors: ["aiza"],
    pattern: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/dy,
    standalone: true,
    minEntropy: 3,
    prefixLength: 4,
  },
  {
    kind: "azure-connection-string",
    anchors: ["accountkey", "sharedaccesskey"],
    pattern: /(?:AccountKey|SharedAccessKey)\s*=\s*(?<secret>[A-Za-z0-9+/]{40,88}={0,2})(?![A-Za-z0-9+/=])/dy,
    minEntropy: 3.5,
  },
  {
    kind: "github-fine-grained-token",
    anchors: ["github_pat_"],
    pattern: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/dy,
    standalone: true,
    minEntropy: 3,
    prefixLength: 11,
  },
  {
    kind: "github-token",
    anchors: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    pattern: /gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/dy,
    standalone: true,
    minEntropy: 3,
    prefixLength: 4,
  },
  {
    kind: "gitlab-token",
    anchors: ["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glft-", "glimt-", "gloas-", "glsoat-"],
    pattern:
      /gl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat)-[A-Za-z0-9_-]{20,}(?:\.[0-9A-Za-z]{2}\.[0-9A-Za-z]{7,9})?(?![A-Za-z0-9_-])/dy,
    standalone: true,
    minEntropy: 3,
    prefixLength: 6,
  },
  {
    kind: "slack-webhook-url",
    anchors: ["https://hooks.slack.com/"],
    pattern:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{8,12}\/[A-Z0-9]{8,12}\/[A-Za-z0-9]{20,32}(?![A-Za-z0-9])/dy,
    minEntropy: 3,
  },
  {
    kind: "slack-token",
    anchors: ["xoxa-", "xoxb-", "xoxo-", "xoxp-", "xoxr-", "xoxs-", "xoxe-", "xoxe.", "xapp-"],
    pattern:
      /(?:xox[abposre]-\d{6,15}-[0-9A-Za-z-]{16,}|xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{100,}|xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{60,70})(?![A-Za-z0-9-])/dy,
    standalone: true,
    minEntropy: 3,
  },
  {
    kind: "stripe-live-key",
    anchors: ["sk_live_", "rk_live_"],
    pattern: /[sr]k_live_[0-9A-Za-z]{24,247}(?![0-9A-Za-z_])/dy,
    standalone: true,
    minEntropy: 3,
    prefixLength: 8,
  },
  {
    kind: "anthropic-api-key",
    anchors: ["sk-"],
    pattern: /sk-ant-(?:api|admin|oat|ort|sid)\d{2}-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])/dy,
    standalone: true,
    minEntropy: 3.5,
    prefixLength: 13,
  },
  {
    kind: "openrouter-api-key",
    anchors: ["sk-"],
    pattern: /sk-or-v1-[a-f0-9]{64}(?![A-Za-z0-9])/dy,
    standalone: true,
    minEntropy: 3,
    prefixLength: 9,
  },
  {
    kind: "openai-api-key",
    anchors: ["sk-"],
    pattern:
      /sk-(?:(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}|(?:proj|svcacct|admin)-[A-Za-z0-9_-]{48,})(?![A-Za-z0-9_-])/dy,
    standalone: true,
    minEntropy: 3.5,
  },
  {
    kind: "groq-api-key",
    anchors: ["gsk_"],
    pattern: /gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9])/dy,
    standalone: true,
    minEntropy: 3.5,
    prefixLength: 4,
  },
  {
    kind: "huggingface-token",
    anchors: ["hf_"],
    pattern: /hf_[A-Za-z]{34}(?![A-Za-z0-9_])/dy,
    standalone: true,
    minEntropy: 3.5,
    prefixLength: 3,
    accept: hasBothCases,
  },
  {
    kind: "xai-api-key",
    anchors: ["xai-"],
    pattern: /xai-[A-Za-z0-9]{80}(?![A-Za-z0-9])/dy,
    standalone: true,
    minEntropy: 3.5,
    prefixLength: 4,
  },
  {
    kind: "perplexity-api-key",
    anchors: ["pplx-"],
    pattern: /pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9])/dy,
    standalone: true,
    minEntropy: 3.5,
    prefixLength: 5,
  },
  {
    kind: "replicate-api-token",
    anchors: ["r8_"],
    pattern: /r8_[A-Za-z0-9]{37}(?![A-Za-z0-9])/dy,
    standalone: true,
    minEntropy: 3.5,
    prefixLength: 3,
  },
  {
    kind: "npm-token",
    anchors: ["npm_"],
    pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/dy,
    standalone: true,
    minEntropy: 3,
    prefixLength: 4,
  },
  {
    kind: "jwt",
    anchors: ["eyj"],
    pattern: /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(?![A-Za-z0-9_.-])/dy,
    standalone: true,
    accept: isJwt,
  },
  {
    kind: "database-url",
    anchors: ["://"],
    pattern: URL_USERINFO,
    accept: (secret, match) => DATABASE_SCHEME.test(match.before) && isRealUrlPassword(secret, match),
  },
  {
    kind: "url-credentials",
    anchors: ["://"],
    pattern: URL_USERINFO,
    accept: (secret, match) =>
      NETWORK_SCHEME.test(match.before) &&
      (match.groups.user ?? "") !== "" &&
      isRealUrlPassword(secret, match),
  },
  {
    kind: "authorization-header",
    anchors: ["authorization", "x-api-key"],
    pattern:
      /(?:authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token)|x-api-key["']?\s*[:=])\s*["']?(?<secret>[A-Za-z0-9._~+/-]{16,}=*)/diy,
    accept: (secret) => !isPlaceholder(secret) && shannonEntropy(secret) >= 3,
  },
  {
    kind: "secret-assignment",
    anchors: ASSIGNMENT_KEYWORDS,
    pattern: new RegExp(
      `${ASSIGNMENT_NAME}${ASSIGNMENT_OPERATOR}(?:(?<q>["'\`])(?<secret>(?:(?!\\k<q>)[^\\r\\n]){10,512})\\k<q>|(?<bareSecret>[^\\s"'\`,;<>(){}[\\]$&][^\\s"'\`,;<>(){}[\\]&]{9,511}))`,
      "dyi",
    ),
    accept: isAssignedSecret,
  },
];
