import { isMap, isSeq, parseDocument } from "yaml";
import { parseClientConfig } from "../scan/clients/formats.js";
import { memberOf, parseJsonc, type JsonNode } from "../scan/clients/jsonc.js";
import { parseToml, tomlPathKey } from "../scan/clients/toml.js";
import type { ConfigFormat, ServerConfig } from "../scan/clients/types.js";
import type { Launch } from "./wrap.js";

/** Decides a server's new launch; undefined leaves it untouched. */
export type LaunchTransform = (launch: Launch, server: ServerConfig) => Launch | undefined;

/** The rewritten text and the names of the servers that changed. */
export interface RewriteResult {
  text: string;
  changed: string[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function nodeAt(root: JsonNode, path: readonly (string | number)[]): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const key of path) {
    if (node?.type === "array" && typeof key === "number") node = node.elements[key];
    else if (typeof key === "string") node = memberOf(node, key)?.value;
    else return undefined;
  }
  return node;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function indentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset)))?.[0] ?? "";
}

/** Formats a string array the way the original array was written (one line, or one item per line). */
function jsonArray(items: string[], text: string, original: JsonNode | undefined, keyOffset: number): string {
  const source = original ? text.slice(original.start, original.end) : "";
  const first = original?.type === "array" ? original.elements[0] : undefined;
  if (original && source.includes("\n") && first) {
    const itemIndent = indentAt(text, first.start);
    const closeIndent = indentAt(text, keyOffset);
    return `[\n${items.map((i) => `${itemIndent}${JSON.stringify(i)}`).join(",\n")}\n${closeIndent}]`;
  }
  const separator = original && /",\S/.test(source) ? "," : ", ";
  return `[${items.map((i) => JSON.stringify(i)).join(separator)}]`;
}

/** Where a server's `command` and `args` live: the entry itself, Zed's nested object, or Continue's `transport`. */
function launchHolder(entry: JsonNode): { holder: JsonNode; commandKey: string } {
  const command = memberOf(entry, "command")?.value;
  if (command?.type === "object") return { holder: command, commandKey: "path" };
  const transport = memberOf(entry, "transport")?.value;
  if (transport?.type === "object" && memberOf(transport, "command"))
    return { holder: transport, commandKey: "command" };
  return { holder: entry, commandKey: "command" };
}

function rewriteJson(text: string, servers: ServerConfig[], transform: LaunchTransform): RewriteResult {
  const root = parseJsonc(text);
  const edits: Edit[] = [];
  const changed: string[] = [];
  for (const server of servers) {
    const entry = nodeAt(root, server.path);
    if (!entry || server.transport !== "stdio" || !server.command) continue;
    const next = transform({ command: server.command, args: server.args ?? [] }, server);
    if (!next) continue;
    const { holder, commandKey } = launchHolder(entry);
    const commandMember = memberOf(holder, commandKey);
    if (!commandMember) continue;
    changed.push(server.name);
    edits.push({
      start: commandMember.value.start,
      end: commandMember.value.end,
      text: JSON.stringify(next.command),
    });
    const argsMember = memberOf(holder, "args");
    if (argsMember) {
      edits.push({
        start: argsMember.value.start,
        end: argsMember.value.end,
        text: jsonArray(next.args, text, argsMember.value, argsMember.keyStart),
      });
    } else if (next.args.length) {
      const multiLine = text.slice(holder.start, holder.end).includes("\n");
      const lead = multiLine ? `,\n${indentAt(text, commandMember.keyStart)}` : ", ";
      edits.push({
        start: commandMember.value.end,
        end: commandMember.value.end,
        text: `${lead}"args": ${jsonArray(next.args, text, undefined, 0)}`,
      });
    }
  }
  return { text: applyEdits(text, edits), changed };
}

/** A TOML string array, one item per line when the original array was written that way. */
function tomlArray(
  items: string[],
  text: string,
  original: { start: number; end: number } | undefined,
): string {
  const source = original ? text.slice(original.start, original.end) : "";
  const firstItem = original ? /^\[\s*(?:#[^\n]*\n\s*)*/.exec(source) : null;
  if (original && source.includes("\n") && firstItem) {
    const itemIndent = indentAt(text, original.start + firstItem[0].length);
    return `[\n${items.map((i) => `${itemIndent}${JSON.stringify(i)},`).join("\n")}\n${indentAt(text, original.start)}]`;
  }
  return `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;
}

function rewriteToml(text: string, servers: ServerConfig[], transform: LaunchTransform): RewriteResult {
  const doc = parseToml(text);
  const edits: Edit[] = [];
  const changed: string[] = [];
  for (const server of servers) {
    if (server.transport !== "stdio" || !server.command) continue;
    const next = transform({ command: server.command, args: server.args ?? [] }, server);
    if (!next) continue;
    const path = server.path.map(String);
    const commandSpan = doc.spans.get(tomlPathKey([...path, "command"]));
    if (!commandSpan) continue;
    changed.push(server.name);
    const argsSpan = doc.spans.get(tomlPathKey([...path, "args"]));
    const array = tomlArray(next.args, text, argsSpan);
    edits.push({ ...commandSpan, text: JSON.stringify(next.command) });
    if (argsSpan) edits.push({ ...argsSpan, text: array });
    else if (next.args.length) {
      const lineText = text.slice(lineStart(text, commandSpan.start), commandSpan.start);
      const standalone = /^\s*command\s*=\s*$/.test(lineText);
      const lead = standalone ? `\n${indentAt(text, commandSpan.start)}args = ` : ", args = ";
      edits.push({ start: commandSpan.end, end: commandSpan.end, text: `${lead}${array}` });
    }
  }
  return { text: applyEdits(text, edits), changed };
}

function rewriteYaml(text: string, servers: ServerConfig[], transform: LaunchTransform): RewriteResult {
  const doc = parseDocument(text);
  const changed: string[] = [];
  for (const server of servers) {
    if (server.transport !== "stdio" || !server.command) continue;
    const next = transform({ command: server.command, args: server.args ?? [] }, server);
    if (!next || !isMap(doc.getIn(server.path, true))) continue;
    changed.push(server.name);
    const existing = doc.getIn([...server.path, "args"], true);
    doc.setIn([...server.path, "command"], next.command);
    // Keep the style the args were written in: `[a, b]` stays inline, a `- a` list stays a list.
    doc.setIn(
      [...server.path, "args"],
      doc.createNode(next.args, { flow: isSeq(existing) && existing.flow === true }),
    );
  }
  return { text: changed.length ? doc.toString({ lineWidth: 0 }) : text, changed };
}

/**
 * Rewrites the launch of every stdio server in a client config's text, touching only the
 * `command` and `args` values so comments, key order and indentation survive. Pure.
 *
 * @throws Error when the text does not parse in its format.
 */
export function rewriteServers(
  text: string,
  format: ConfigFormat,
  transform: LaunchTransform,
): RewriteResult {
  const { servers } = parseClientConfig(text, format);
  if (format === "codex-toml") return rewriteToml(text, servers, transform);
  if (format === "continue-yaml") return rewriteYaml(text, servers, transform);
  return rewriteJson(text, servers, transform);
}
