import type { AnyNode, Program } from "acorn";
import { full } from "acorn-walk";

/** A name bound to a module (`const cp = require("child_process")`) or one of its members. */
export interface ModuleRef {
  module: string;
  member?: string;
}

/**
 * What names in a file refer to, collected in one pass before analysis: module bindings from
 * `require` and `import`, and the initialiser of every variable declared once (so a path built in
 * a constant and used later can still be read). Scopes are not tracked; a name declared twice is
 * dropped, which errs towards reporting less rather than inventing facts.
 */
export interface Bindings {
  modules: Map<string, ModuleRef>;
  constants: Map<string, AnyNode>;
}

const INTEROP_HELPERS =
  /^(__importDefault|__importStar|_interopRequireDefault|_interopRequireWildcard|__toESM|__require)$/;

/** `node:fs/promises` → `fs`; other specifiers are kept as written. */
export function normalizeModule(specifier: string): string {
  const bare = specifier.replace(/^node:/, "");
  return bare === "fs/promises" ? "fs" : bare === "timers/promises" ? "timers" : bare;
}

/** Unwraps parentheses, optional chains, `(0, f)` sequences and TypeScript's interop helpers. */
export function unwrap(node: AnyNode): AnyNode {
  let current = node;
  for (let i = 0; i < 8; i++) {
    if (current.type === "ParenthesizedExpression" || current.type === "ChainExpression")
      current = current.expression;
    else if (current.type === "SequenceExpression")
      current = current.expressions[current.expressions.length - 1] as AnyNode;
    else if (current.type === "AwaitExpression" && current.argument) current = current.argument;
    else if (
      current.type === "CallExpression" &&
      current.callee.type === "Identifier" &&
      INTEROP_HELPERS.test(current.callee.name) &&
      current.arguments[0] &&
      current.arguments[0].type !== "SpreadElement"
    ) {
      current = current.arguments[0];
    } else return current;
  }
  return current;
}

/** The module a `require("x")` or `import("x")` loads, when it is named by a literal. */
export function loadedModule(node: AnyNode): string | undefined {
  const n = unwrap(node);
  if (n.type === "ImportExpression" && n.source.type === "Literal" && typeof n.source.value === "string")
    return n.source.value;
  if (
    n.type === "CallExpression" &&
    n.callee.type === "Identifier" &&
    n.callee.name === "require" &&
    n.arguments[0]?.type === "Literal" &&
    typeof n.arguments[0].value === "string"
  ) {
    return n.arguments[0].value;
  }
  return undefined;
}

/** The name of a non-computed property, or of a computed one given as a literal string. */
export function propertyName(node: AnyNode & { type: "MemberExpression" }): string | undefined {
  if (!node.computed && node.property.type === "Identifier") return node.property.name;
  if (node.property.type === "Literal" && typeof node.property.value === "string") return node.property.value;
  return undefined;
}

/**
 * What a callee or object refers to in terms of modules: `cp.exec`, `exec` (destructured),
 * `require("fs").readFileSync`, `fs.promises.readFile` and so on.
 */
export function resolveModuleRef(node: AnyNode, bindings: Bindings, depth = 0): ModuleRef | undefined {
  if (depth > 6) return undefined;
  const n = unwrap(node);
  const loaded = loadedModule(n);
  if (loaded) return { module: normalizeModule(loaded) };
  if (n.type === "Identifier") {
    const ref = bindings.modules.get(n.name);
    if (ref) return ref;
    const init = bindings.constants.get(n.name);
    return init && (init.type === "MemberExpression" || init.type === "Identifier")
      ? resolveModuleRef(init, bindings, depth + 1)
      : undefined;
  }
  if (n.type === "MemberExpression") {
    const base = resolveModuleRef(n.object as AnyNode, bindings, depth + 1);
    const name = propertyName(n);
    if (!base || !name) return undefined;
    if (name === "default" && !base.member) return base;
    if (!base.member || base.member === "promises" || base.member === "default")
      return { module: base.module, member: name };
    return { module: base.module, member: `${base.member}.${name}` };
  }
  return undefined;
}

function bindPattern(pattern: AnyNode, ref: ModuleRef, bindings: Bindings): void {
  if (pattern.type === "Identifier") bindings.modules.set(pattern.name, ref);
  if (pattern.type !== "ObjectPattern") return;
  for (const prop of pattern.properties) {
    if (prop.type !== "Property") continue;
    const key =
      prop.key.type === "Identifier"
        ? prop.key.name
        : prop.key.type === "Literal"
          ? String(prop.key.value)
          : undefined;
    const target = prop.value.type === "AssignmentPattern" ? prop.value.left : prop.value;
    if (!key) continue;
    const member = ref.member ? (ref.member === "promises" ? key : `${ref.member}.${key}`) : key;
    bindPattern(target as AnyNode, { module: ref.module, member }, bindings);
  }
}

/** Collects module bindings and single-declaration constants of a program. */
export function collectBindings(program: Program): Bindings {
  const bindings: Bindings = { modules: new Map(), constants: new Map() };
  const declaredTwice = new Set<string>();
  full(program, (node) => {
    if (node.type === "ImportDeclaration" && typeof node.source.value === "string") {
      const module = normalizeModule(node.source.value);
      for (const s of node.specifiers) {
        if (s.type === "ImportSpecifier") {
          const imported = s.imported.type === "Identifier" ? s.imported.name : String(s.imported.value);
          bindings.modules.set(
            s.local.name,
            imported === "default" ? { module } : { module, member: imported },
          );
        } else bindings.modules.set(s.local.name, { module });
      }
      return;
    }
    if (node.type !== "VariableDeclarator" || !node.init) return;
    const init = node.init as AnyNode;
    if (node.id.type === "Identifier") {
      const name = node.id.name;
      if (bindings.constants.has(name)) declaredTwice.add(name);
      bindings.constants.set(name, init);
    }
    const ref = resolveModuleRef(init, bindings);
    if (ref) bindPattern(node.id as AnyNode, ref, bindings);
  });
  for (const name of declaredTwice) bindings.constants.delete(name);
  return bindings;
}
