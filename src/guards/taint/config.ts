import { z } from "zod";
import type { ConfiguredLabels, TaintLabel } from "./labels.js";

/** What happens when a tainted session calls an egress tool. */
export type TrifectaAction = "deny" | "approve" | "log" | "off";

const label = z.enum(["private", "untrusted", "egress"]);

/**
 * `servers.<key>.labels`: labels per tool, by the name the server gives it. An entry replaces
 * what the tool's annotations would imply; `[]` says the tool carries no label at all.
 *
 * @example labelsSchema.parse({ read_file: ["private"], fetch_url: ["untrusted"], send_email: ["egress"] })
 */
export const labelsSchema = z
  .record(z.string().min(1, "a tool name"), z.array(label))
  .refine((tools) => Object.values(tools).every((l) => new Set(l).size === l.length), {
    message: "a label is listed twice for one tool",
  });

/**
 * Top-level `taint`: what to do when a session that has read both untrusted content and
 * private data calls a tool that can send data out. Defaults to `deny`.
 *
 * @example taintConfigSchema.parse({ on_trifecta: "approve" })
 */
export const taintConfigSchema = z
  .object({ on_trifecta: z.enum(["deny", "approve", "log", "off"]).default("deny") })
  .strict()
  .default({ on_trifecta: "deny" });

export type LabelsConfig = z.infer<typeof labelsSchema>;
export type TaintConfig = z.infer<typeof taintConfigSchema>;

/**
 * The configured labels of every server that has some, keyed by server, ready for
 * `createTaintGuard`.
 *
 * @example labelsFromServers({ fs: { labels: { read_file: ["private"] } }, web: {} })
 */
export function labelsFromServers(
  servers: Readonly<Record<string, { labels?: Readonly<Record<string, readonly TaintLabel[]>> }>>,
): ConfiguredLabels {
  const out = new Map<string, Readonly<Record<string, readonly TaintLabel[]>>>();
  for (const [key, server] of Object.entries(servers)) if (server.labels) out.set(key, server.labels);
  return out;
}
