import type { Decision, Guard, GuardContext, JsonObject, ListItemContext, MaybePromise } from "./guard.js";

/** The chain's verdict: the (possibly replaced) value, or the first deny and who said it. */
export type ChainResult<T> =
  | { ok: true; value: T; modifiedBy: string[] }
  | { ok: false; guard: string; code: string; message: string; detail?: string; retryAfterSeconds?: number };

type Hook = "request" | "response" | "listItem";

/**
 * Runs guards in order for one phase. The first deny short-circuits; a modify hands its value to
 * the next guard; a thrown error or rejected promise becomes deny (failure mode `closed`, the
 * default) or allow (`open`) and is never left unhandled. Stays synchronous while every guard
 * answers synchronously, so an empty or sync chain costs no promise on the message path.
 */
export function runChain<T extends JsonObject>(
  guards: readonly Guard[],
  hook: Hook,
  ctx: GuardContext | ListItemContext,
  value: T,
): MaybePromise<ChainResult<T>> {
  const modifiedBy: string[] = [];
  let current = value;
  for (let i = 0; i < guards.length; i++) {
    const guard = guards[i]!;
    const fn = guard[hook] as ((c: typeof ctx, v: T) => MaybePromise<Decision<T>>) | undefined;
    if (!fn) continue;
    let d: MaybePromise<Decision<T>>;
    try {
      d = fn.call(guard, ctx, current);
    } catch (e) {
      const r = failed(guard, e);
      if (r) return r;
      continue;
    }
    if (isPromise(d)) return finishAsync(guards, hook, ctx, current, modifiedBy, i, d);
    const step = apply(guard, d);
    if (!step.ok) return step;
    if (step.modified) {
      current = step.value as T;
      modifiedBy.push(guard.name);
    }
  }
  return { ok: true, value: current, modifiedBy };
}

async function finishAsync<T extends JsonObject>(
  guards: readonly Guard[],
  hook: Hook,
  ctx: GuardContext | ListItemContext,
  current: T,
  modifiedBy: string[],
  at: number,
  pending: Promise<Decision<T>>,
): Promise<ChainResult<T>> {
  for (let i = at; i < guards.length; i++) {
    const guard = guards[i]!;
    const fn = guard[hook] as ((c: typeof ctx, v: T) => MaybePromise<Decision<T>>) | undefined;
    if (!fn) continue;
    let d: Decision<T>;
    try {
      d = i === at ? await pending : await fn.call(guard, ctx, current);
    } catch (e) {
      const r = failed(guard, e);
      if (r) return r;
      continue;
    }
    const step = apply(guard, d);
    if (!step.ok) return step;
    if (step.modified) {
      current = step.value as T;
      modifiedBy.push(guard.name);
    }
  }
  return { ok: true, value: current, modifiedBy };
}

function apply<T>(
  guard: Guard,
  d: Decision<T>,
): { ok: true; modified: boolean; value?: T } | (ChainResult<T> & { ok: false }) {
  if (d.action === "allow") return { ok: true, modified: false };
  if (d.action === "modify") return { ok: true, modified: true, value: d.value };
  const denied: ChainResult<T> & { ok: false } = {
    ok: false,
    guard: guard.name,
    code: d.code,
    message: d.message,
  };
  if (d.detail !== undefined) denied.detail = d.detail;
  if (d.retryAfterSeconds !== undefined) denied.retryAfterSeconds = d.retryAfterSeconds;
  return denied;
}

function failed(guard: Guard, e: unknown): (ChainResult<never> & { ok: false }) | undefined {
  if (guard.failureMode === "open") return undefined;
  return {
    ok: false,
    guard: guard.name,
    code: "guard_failed",
    message: "The request could not be checked and was refused",
    detail: `guard ${guard.name} threw: ${e instanceof Error ? e.message : String(e)}`,
  };
}

function isPromise<T>(v: MaybePromise<T>): v is Promise<T> {
  return typeof (v as Promise<T>)?.then === "function";
}

/** Runs `connect` hooks: the first deny refuses the session. */
export async function runConnect(
  guards: readonly Guard[],
  ctx: GuardContext,
): Promise<ChainResult<JsonObject>> {
  for (const guard of guards) {
    if (!guard.connect) continue;
    try {
      const d = await guard.connect(ctx);
      if (d.action === "deny") {
        const r: ChainResult<JsonObject> = { ok: false, guard: guard.name, code: d.code, message: d.message };
        if (d.detail !== undefined) r.detail = d.detail;
        return r;
      }
    } catch (e) {
      const r = failed(guard, e);
      if (r) return r;
    }
  }
  return { ok: true, value: {}, modifiedBy: [] };
}

/** Filters list items through `listItem` hooks, item by item, keeping order. */
export async function filterList(
  guards: readonly Guard[],
  ctx: ListItemContext,
  items: JsonObject[],
): Promise<{
  items: JsonObject[];
  withheld: Array<{ item: JsonObject; guard: string; code: string; detail?: string }>;
}> {
  if (!guards.some((g) => g.listItem)) return { items, withheld: [] };
  const kept: JsonObject[] = [];
  const withheld: Array<{ item: JsonObject; guard: string; code: string; detail?: string }> = [];
  for (const item of items) {
    const r = await runChain(guards, "listItem", ctx, item);
    if (r.ok) kept.push(r.value);
    else {
      const w: { item: JsonObject; guard: string; code: string; detail?: string } = {
        item,
        guard: r.guard,
        code: r.code,
      };
      if (r.detail !== undefined) w.detail = r.detail;
      withheld.push(w);
    }
  }
  return { items: kept, withheld };
}
