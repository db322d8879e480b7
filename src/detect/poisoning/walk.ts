/**
 * Walks every string of a definition, values and object keys alike, and says what role each
 * plays: free text a model reads (descriptions, titles), short values (enum members, defaults,
 * examples) where prose has no business, property names, and structural keywords to skip.
 */

/** What a string is for, which decides how suspicious instruction-like text in it is. */
export type TextRole =
  "name" | "description" | "title" | "value" | "property-name" | "key" | "uri" | "instructions";

/** One string of a definition and where it sits. */
export interface TextSite {
  /** JSON pointer to the string (for a key: to the member it names). */
  path: string;
  role: TextRole;
  text: string;
}

// JSON Schema and MCP keywords whose string values are structure, not prose.
const STRUCTURAL_VALUE_KEYS = new Set([
  "type",
  "$schema",
  "$id",
  "$ref",
  "$anchor",
  "$dynamicRef",
  "format",
  "contentEncoding",
  "contentMediaType",
  "mimeType",
  "pattern",
  "required",
  "dependentRequired",
]);

// Keys that are vocabulary, not data: never analysed as text themselves.
const KNOWN_KEYS = new Set([
  ...STRUCTURAL_VALUE_KEYS,
  "name",
  "title",
  "description",
  "inputSchema",
  "outputSchema",
  "annotations",
  "properties",
  "patternProperties",
  "additionalProperties",
  "items",
  "prefixItems",
  "enum",
  "const",
  "default",
  "examples",
  "example",
  "anyOf",
  "oneOf",
  "allOf",
  "not",
  "if",
  "then",
  "else",
  "$defs",
  "definitions",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "uniqueItems",
  "multipleOf",
  "minProperties",
  "maxProperties",
  "nullable",
  "deprecated",
  "readOnly",
  "writeOnly",
  "arguments",
  "uri",
  "uriTemplate",
  "size",
  "icons",
  "src",
  "sizes",
  "_meta",
  "readOnlyHint",
  "destructiveHint",
  "idempotentHint",
  "openWorldHint",
  "audience",
  "priority",
  "lastModified",
  "additionalItems",
  "propertyNames",
  "contains",
  "dependentSchemas",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contentSchema",
  "$comment",
]);

// Members whose keys are names chosen by the server (schema properties), not vocabulary.
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function roleOfValue(key: string | undefined): TextRole | undefined {
  if (key === undefined) return "value";
  if (STRUCTURAL_VALUE_KEYS.has(key)) return undefined;
  switch (key) {
    case "description":
    case "$comment":
      return "description";
    case "title":
      return "title";
    case "name":
      return "name";
    case "uri":
    case "uriTemplate":
    case "src":
      return "uri";
    default:
      return "value";
  }
}

const MAX_DEPTH = 64;

/**
 * Lists every string in `definition` with its JSON pointer and role. Keys of schema property maps
 * are listed as `property-name`; keys outside the MCP and JSON Schema vocabulary as `key`.
 * Nesting deeper than 64 levels is not followed (and is itself reported by the detector).
 */
export function collectText(definition: unknown): { sites: TextSite[]; tooDeep: boolean } {
  const walk = { sites: [] as TextSite[], tooDeep: false };
  visit(walk, definition, "", undefined, 0);
  return walk;
}

/** `key` is the member name the value sits under; undefined for array items and schema properties. */
function visit(
  walk: { sites: TextSite[]; tooDeep: boolean },
  value: unknown,
  path: string,
  key: string | undefined,
  depth: number,
): void {
  if (depth > MAX_DEPTH) {
    walk.tooDeep = true;
    return;
  }
  if (typeof value === "string") {
    const role = roleOfValue(key);
    if (role && value.length > 0) walk.sites.push({ path, role, text: value });
    return;
  }
  if (Array.isArray(value)) {
    if (key !== undefined && STRUCTURAL_VALUE_KEYS.has(key)) return;
    value.forEach((item: unknown, i) => visit(walk, item, `${path}/${i}`, undefined, depth + 1));
    return;
  }
  if (value === null || typeof value !== "object") return;
  const namesAreData = key !== undefined && NAME_MAPS.has(key);
  for (const [member, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = `${path}/${escapePointer(member)}`;
    if (namesAreData) walk.sites.push({ path: childPath, role: "property-name", text: member });
    else if (!KNOWN_KEYS.has(member)) walk.sites.push({ path: childPath, role: "key", text: member });
    visit(walk, child, childPath, namesAreData ? undefined : member, depth + 1);
  }
}
