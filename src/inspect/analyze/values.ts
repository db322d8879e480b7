import type { AnyNode } from "acorn";
import { propertyName, resolveModuleRef, unwrap, type Bindings } from "./bindings.js";

const MAX_DEPTH = 5;

/** Whether an expression names the user's home directory (`os.homedir()`, `process.env.HOME`, `"~"`). */
function isHomeDirectory(node: AnyNode, bindings: Bindings): boolean {
  const n = unwrap(node);
  if (n.type === "CallExpression") {
    const ref = resolveModuleRef(n.callee as AnyNode, bindings);
    return ref?.module === "os" && (ref.member === "homedir" || ref.member === "userInfo");
  }
  if (n.type === "MemberExpression") {
    const name = propertyName(n);
    return (name === "HOME" || name === "USERPROFILE") && isProcessEnv(n.object as AnyNode);
  }
  return false;
}

/** `process.env` itself (not one of its variables). */
export function isProcessEnv(node: AnyNode): boolean {
  const n = unwrap(node);
  return (
    n.type === "MemberExpression" &&
    n.object.type === "Identifier" &&
    n.object.name === "process" &&
    propertyName(n) === "env"
  );
}

/**
 * The value of an expression when it is a compile-time string: literals, templates without
 * placeholders, `+` concatenations, `[...].join("")`, `String.fromCharCode(…)`, and constants
 * holding those. Undefined for anything computed at run time.
 */
export function staticString(node: AnyNode, bindings: Bindings, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case "Literal":
      return typeof n.value === "string"
        ? n.value
        : typeof n.value === "number"
          ? String(n.value)
          : undefined;
    case "TemplateLiteral": {
      let out = n.quasis[0]?.value.cooked ?? "";
      for (let i = 0; i < n.expressions.length; i++) {
        const part = staticString(n.expressions[i] as AnyNode, bindings, depth + 1);
        if (part === undefined) return undefined;
        out += part + (n.quasis[i + 1]?.value.cooked ?? "");
      }
      return out;
    }
    case "BinaryExpression": {
      if (n.operator !== "+") return undefined;
      const left = staticString(n.left as AnyNode, bindings, depth + 1);
      const right = left === undefined ? undefined : staticString(n.right, bindings, depth + 1);
      return left === undefined || right === undefined ? undefined : left + right;
    }
    case "Identifier": {
      const init = bindings.constants.get(n.name);
      return init ? staticString(init, bindings, depth + 1) : undefined;
    }
    case "CallExpression": {
      const callee = unwrap(n.callee as AnyNode);
      if (callee.type !== "MemberExpression") return undefined;
      const method = propertyName(callee);
      if (
        method === "fromCharCode" &&
        callee.object.type === "Identifier" &&
        callee.object.name === "String"
      ) {
        const codes = n.arguments.map((a) =>
          a.type === "Literal" && typeof a.value === "number" ? a.value : NaN,
        );
        return codes.some(Number.isNaN) ? undefined : String.fromCharCode(...codes);
      }
      if (method === "join" && callee.object.type === "ArrayExpression") {
        const sep = n.arguments[0] ? staticString(n.arguments[0] as AnyNode, bindings, depth + 1) : ",";
        const parts = callee.object.elements.map((e) =>
          e && e.type !== "SpreadElement" ? staticString(e, bindings, depth + 1) : undefined,
        );
        return sep === undefined || parts.some((p) => p === undefined) ? undefined : parts.join(sep);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The string fragments an expression is built from, following constants, `path.join`-style
 * calls, templates and concatenations; a reference to the home directory becomes `~`. Used to
 * see where a file read points even when the path is assembled in pieces.
 */
export function stringFragments(node: AnyNode, bindings: Bindings, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  const n = unwrap(node);
  if (isHomeDirectory(n, bindings)) return ["~"];
  const whole = staticString(n, bindings);
  if (whole !== undefined) return [whole];
  const next = (child: AnyNode | null | undefined) =>
    child ? stringFragments(child, bindings, depth + 1) : [];
  switch (n.type) {
    case "TemplateLiteral": {
      const out: string[] = [];
      n.quasis.forEach((q, i) => {
        if (q.value.cooked) out.push(q.value.cooked);
        const expr = n.expressions[i];
        if (expr) out.push(...next(expr));
      });
      return out;
    }
    case "BinaryExpression":
      return [...next(n.left as AnyNode), ...next(n.right)];
    case "LogicalExpression":
      return [...next(n.left), ...next(n.right)];
    case "ConditionalExpression":
      return [...next(n.consequent), ...next(n.alternate)];
    case "Identifier":
      return next(bindings.constants.get(n.name));
    case "CallExpression":
    case "NewExpression":
      return n.arguments.flatMap((a) => (a.type === "SpreadElement" ? next(a.argument) : next(a)));
    case "ArrayExpression":
      return n.elements.flatMap((e) => (e && e.type !== "SpreadElement" ? next(e) : []));
    default:
      return [];
  }
}
