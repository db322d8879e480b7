import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { formatKeyPath, PolicyError, problemsFromIssue, type PolicyProblem } from "./errors.js";

/** Finds the line of a key path (and optionally one key of the mapping there). */
export type LineLookup = (path: ReadonlyArray<PropertyKey>, key?: PropertyKey) => number | undefined;

/**
 * Parses YAML text into a plain value (unique keys, alias expansion bounded), remembering where
 * each node was so later errors can name a line. Throws a `PolicyError` for invalid YAML.
 */
export function parseYaml(text: string, source: string): { value: unknown; lineAt: LineLookup } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new PolicyError(
      source,
      document.errors.map((error) => ({
        path: "",
        line: error.linePos?.[0].line,
        message: `not valid YAML: ${(error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new PolicyError(source, [{ path: "", message: `cannot be read: ${(error as Error).message}` }]);
  }
  return { value, lineAt: (path, key) => lineOf(document, lineCounter, path, key) };
}

/**
 * Validates a value against a zod schema, throwing a `PolicyError` whose problems name the key
 * path, the line (when known) and what was expected, including the accepted keys for an unknown one.
 */
export function validateWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: string,
  lineAt: LineLookup,
): z.output<S> {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems: PolicyProblem[] = parsed.error.issues.flatMap((issue) =>
    problemsFromIssue(issue, (path) => knownKeysAt(schema, path)).map(({ path, message }) => ({
      path: formatKeyPath(path),
      line:
        issue.code === "unrecognized_keys" ? lineAt(path.slice(0, -1), path[path.length - 1]) : lineAt(path),
      message,
    })),
  );
  throw new PolicyError(source, problems);
}

function lineOf(
  document: Document,
  lineCounter: LineCounter,
  path: ReadonlyArray<PropertyKey>,
  key?: PropertyKey,
): number | undefined {
  let at = [...path];
  let node: unknown = at.length ? document.getIn(at, true) : document.contents;
  while (node === undefined && at.length > 0) {
    at = at.slice(0, -1);
    node = at.length ? document.getIn(at, true) : document.contents;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
    if (pair) node = pair.key;
  }
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, SchemaNode>;
  innerType?: SchemaNode;
  element?: SchemaNode;
  valueType?: SchemaNode;
  in?: SchemaNode;
}
interface SchemaNode {
  _zod: { def: SchemaDef };
}

/** The keys a schema accepts at a path, found by walking the schema's definition. */
function knownKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): readonly string[] {
  let def: SchemaDef | undefined = (schema as unknown as SchemaNode)._zod.def;
  const unwrap = () => {
    while (def && ["optional", "default", "nullable", "pipe"].includes(def.type))
      def = (def.innerType ?? def.in)?._zod.def;
  };
  for (const key of path) {
    unwrap();
    if (def?.type === "object") def = def.shape?.[String(key)]?._zod.def;
    else if (def?.type === "array") def = def.element?._zod.def;
    else if (def?.type === "record") def = def.valueType?._zod.def;
    else return [];
  }
  unwrap();
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}
