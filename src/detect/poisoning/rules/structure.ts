import type { Finding, ItemKind } from "../types.js";
import type { TextSite } from "../walk.js";
import { BULK_SECRETS, CONVERSATION_CONTEXT, SENSITIVE_FILES } from "./lexicon.js";

/**
 * Rules about the shape of a definition rather than its words: parameters that ask for things a
 * tool should not need, sizes out of proportion, padding that pushes text out of view, and prose
 * where only short values belong.
 */

const SIDE_CHANNEL_NAME =
  /^(?:side_?notes?|notes?_for_(?:ai|model|assistant|llm)|conversation(?:_(?:history|log|transcript|context|so_far))?|chat_?(?:history|log|transcript|context)|full_?(?:context|conversation|history|transcript|prompt)|previous_?messages|message_?history|all_?messages|system_?prompt|prompt_?(?:history|context|dump)|context_?dump|memory_?dump|transcript|env|env(?:ironment)?_?(?:vars?|variables|dump)|ssh_?(?:key|private_?key)|private_?key|user_?(?:secrets|credentials|passwords)|passwords|cookies|session_?(?:cookies?|tokens?)|secret_?(?:data|payload|notes?)|exfil\w*|debug_?context|instructions_?received|hidden_?\w*)$/;

const PARAMETER_ASKS_FOR: RegExp[] = [
  ...CONVERSATION_CONTEXT,
  ...SENSITIVE_FILES,
  ...BULK_SECRETS,
  /\b(?:contents?|text) of (?:the |any |a )?(?:file|files|~|\/|\.)|\b(?:file contents?|raw file)\b/,
  /\b(?:verbatim|word for word|exact (?:copy|text))\b/,
  /\b(?:environment variables|env vars)\b/,
  /(?:文件内容|对话记录|聊天记录|系统提示)|(?:ファイルの内容|会話履歴)|contenido del archivo|contenu du fichier|dateiinhalt|содержимое файла|conteúdo do arquivo|contenuto del file/,
];

// One expression for the whole list: this runs for every parameter of every tool.
const ASKS_FOR = new RegExp(PARAMETER_ASKS_FOR.map((pattern) => pattern.source).join("|"));
const ASKS_FOR_CONVERSATION = new RegExp(CONVERSATION_CONTEXT.map((pattern) => pattern.source).join("|"));
const ASKS_FOR_KEY_FILE = new RegExp(SENSITIVE_FILES.map((pattern) => pattern.source).join("|"));

// A tool whose purpose is the conversation or files may legitimately take them as arguments.
const CONTEXT_PURPOSE =
  /conversation|chat|transcript|history|memory|summar|message|journal|note|log|prompt|context|environment|config|对话|会話/;
const FILE_PURPOSE = /\bfiles?\b|\bread\b|\bpath\b|document|directory|folder|文件|ファイル/;

function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[\s-]+/g, "_")
    .toLowerCase();
}

function describe(schema: Record<string, unknown>): string {
  return [schema.description, schema.title].filter((v): v is string => typeof v === "string").join(" ");
}

interface Parameter {
  name: string;
  path: string;
  text: string;
  textPath: string;
  required: boolean;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every named parameter of a tool schema (nested objects included) or of a prompt. */
function parametersOf(kind: ItemKind, definition: Record<string, unknown>): Parameter[] {
  const found: Parameter[] = [];
  if (kind === "prompt" && Array.isArray(definition.arguments)) {
    definition.arguments.forEach((arg: unknown, i) => {
      if (!isRecord(arg) || typeof arg.name !== "string") return;
      const path = `/arguments/${i}`;
      found.push({
        name: arg.name,
        path,
        text: describe(arg),
        textPath: `${path}/description`,
        required: arg.required === true,
      });
    });
    return found;
  }
  schemaParameters(definition.inputSchema, "/inputSchema", 0, found);
  return found;
}

function schemaParameters(schema: unknown, path: string, depth: number, found: Parameter[]): void {
  if (!isRecord(schema) || depth > 16) return;
  const required = Array.isArray(schema.required) ? schema.required : [];
  if (isRecord(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      const childPath = `${path}/properties/${escapePointer(name)}`;
      const text = isRecord(child) ? describe(child) : "";
      found.push({
        name,
        path: childPath,
        text,
        textPath: `${childPath}/description`,
        required: required.includes(name),
      });
      schemaParameters(child, childPath, depth + 1, found);
    }
  }
  if (isRecord(schema.items)) schemaParameters(schema.items, `${path}/items`, depth + 1, found);
}

/**
 * True when the item exists to work on the conversation (a memory, journal or summary tool), so
 * asking for the conversation in its parameters is its job rather than a side channel.
 */
export function servesConversation(definition: Record<string, unknown>): boolean {
  return CONTEXT_PURPOSE.test(purposeOf(definition));
}

const FIRST_SENTENCE_END = /(?<=[.!?])\s/;

function purposeOf(definition: Record<string, unknown>): string {
  // The first sentence: what precedes the first space after a full stop, question or exclamation mark.
  const text = typeof definition.description === "string" ? definition.description : "";
  const end = FIRST_SENTENCE_END.exec(text);
  const description = end ? text.slice(0, end.index) : text;
  return [definition.name, definition.title, description]
    .filter((v): v is string => typeof v === "string")
    .join(" ")
    .toLowerCase();
}

/** Parameters that ask the model for context, secrets or files the tool's purpose does not call for. */
export function parameterFindings(kind: ItemKind, definition: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const purpose = purposeOf(definition);
  for (const parameter of parametersOf(kind, definition)) {
    const text = parameter.text.normalize("NFKC").toLowerCase();
    const asked = text.length > 0 && ASKS_FOR.test(text);
    const suspiciousName = SIDE_CHANNEL_NAME.test(snakeCase(parameter.name));
    if (!asked && !suspiciousName) continue;
    const related = asked
      ? (CONTEXT_PURPOSE.test(purpose) && ASKS_FOR_CONVERSATION.test(text)) ||
        (FILE_PURPOSE.test(purpose) && !ASKS_FOR_KEY_FILE.test(text) && !ASKS_FOR_CONVERSATION.test(text))
      : CONTEXT_PURPOSE.test(purpose);
    let severity: Finding["severity"] = related ? "low" : asked ? "high" : "medium";
    if (parameter.required && !related) severity = severity === "high" ? "critical" : "high";
    findings.push({
      rule: "parameter-exfiltration",
      severity,
      path: asked ? parameter.textPath : parameter.path,
      evidence: `${parameter.name}${parameter.required ? " (required)" : ""}${parameter.text ? `: ${parameter.text.slice(0, 140)}` : ""}`,
      explanation: asked
        ? "A parameter asks the model to fill it with conversation, secrets or file contents, a channel to carry them out."
        : "A parameter is named like a side channel for conversation or secrets.",
    });
  }
  return findings;
}

const BLANK_RUN = "[ \\t\\u00a0\\u3000]{300,}";
const BLANK_LINES = "(?:[ \\t]*\\r?\\n){25,}";
const PADDING = new RegExp(`${BLANK_RUN}|${BLANK_LINES}`);
// The same search with the alternative a text is too short or has too few lines for left out:
// the first match is then the same, and the scan cheaper.
const PADDING_RUN = new RegExp(BLANK_RUN);
const PADDING_LINES = new RegExp(BLANK_LINES);

function paddingPattern(length: number, breaks: number): RegExp | undefined {
  if (length >= 300) return breaks >= 25 ? PADDING : PADDING_RUN;
  return breaks >= 25 ? PADDING_LINES : undefined;
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/** Sizes out of proportion, padding and deep nesting. */
export function shapeFindings(
  definition: Record<string, unknown>,
  sites: TextSite[],
  tooDeep: boolean,
): Finding[] {
  const findings: Finding[] = [];
  const description = typeof definition.description === "string" ? definition.description : "";
  const total = sites.reduce((sum, site) => sum + site.text.length, 0);
  const parameters = sites.filter((site) => site.role === "property-name").length;
  if (description.length > 10_000 || total > 20_000) {
    findings.push({
      rule: "oversized-definition",
      severity: "medium",
      path: description.length > 10_000 ? "/description" : "",
      evidence: `${description.length} characters of description, ${total} characters of text in all`,
      explanation: "The definition is far larger than any tool needs, room to bury instructions.",
    });
  } else if (description.length > 5_000 && parameters <= 3) {
    findings.push({
      rule: "oversized-definition",
      severity: "low",
      path: "/description",
      evidence: `${description.length} characters of description for ${parameters} parameters`,
      explanation: "The description is out of proportion to what the tool takes.",
    });
  }
  for (const site of sites) {
    // Padding and repetition need length; most strings are far too short to hold either.
    if (site.text.length >= 200) findings.push(...paddingFindings(site));
    const valueLike = site.role === "value" || site.role === "key" || site.role === "property-name";
    if (!valueLike) continue;
    const words = site.text.trim().split(/\s+/).length;
    if (words >= 16 || site.text.length > 240 || (site.role !== "value" && words >= 5)) {
      findings.push({
        rule: "prose-in-value",
        severity: "medium",
        path: site.path,
        evidence: site.text.slice(0, 140),
        explanation: "A value, key or property name holds prose; that is where hidden instructions are put.",
      });
    }
  }
  if (tooDeep) {
    findings.push({
      rule: "deep-nesting",
      severity: "medium",
      path: "",
      evidence: "more than 64 levels of nesting",
      explanation: "The definition nests deeper than any schema needs; the deepest parts were not read.",
    });
  }
  return findings;
}

/** Blank runs and repeated lines that push text out of a reviewer's view. */
function paddingFindings(site: TextSite): Finding[] {
  const findings: Finding[] = [];
  const breaks = lineBreaks(site.text);
  const padding = paddingPattern(site.text.length, breaks)?.exec(site.text);
  if (padding) {
    findings.push({
      rule: "whitespace-padding",
      severity: "medium",
      path: site.path,
      evidence: `${padding[0].length} characters of blank space at offset ${padding.index}`,
      explanation: "A long run of blank space pushes the rest of the text out of a reviewer's view.",
    });
  }
  // Twenty repeats need at least twenty line breaks.
  if (breaks < 20) return findings;
  const lines = site.text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const repeats = lines.length - new Set(lines).size;
  if (repeats >= 20) {
    findings.push({
      rule: "repetitive-padding",
      severity: "low",
      path: site.path,
      evidence: `${repeats} repeated lines`,
      explanation: "The same lines repeat many times, filler that hides what follows.",
    });
  }
  return findings;
}
