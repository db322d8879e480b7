import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "./store.js";

/**
 * The one suite every Store adapter must pass. `make` returns a fresh, empty store whose clock
 * is driven by `clock.now` so expiry can be tested without sleeping.
 */
export function storeContract(name: string, make: (clock: { now: number }) => Promise<Store>): void {
  const fresh = async () => {
    const clock = { now: 1_000_000 };
    const store = await make(clock);
    return { store, clock };
  };

  test(`${name}: a value set can be read back, and a missing key reads as undefined`, async () => {
    const { store } = await fresh();
    await store.set("pins/a", { hash: "x", n: 1 });
    assert.deepEqual(await store.get("pins/a"), { hash: "x", n: 1 });
    assert.equal(await store.get("pins/b"), undefined);
    await store.close();
  });

  test(`${name}: a value with a TTL disappears once it expires`, async () => {
    const { store, clock } = await fresh();
    await store.set("approvals/1", "held", 10);
    clock.now += 9_000;
    assert.equal(await store.get("approvals/1"), "held");
    clock.now += 2_000;
    assert.equal(await store.get("approvals/1"), undefined);
    assert.deepEqual(await store.list("approvals/"), []);
    await store.close();
  });

  test(`${name}: setIfAbsent writes only once, and again after expiry`, async () => {
    const { store, clock } = await fresh();
    assert.equal(await store.setIfAbsent("k", 1, 5), true);
    assert.equal(await store.setIfAbsent("k", 2, 5), false);
    assert.equal(await store.get("k"), 1);
    clock.now += 6_000;
    assert.equal(await store.setIfAbsent("k", 3), true);
    assert.equal(await store.get("k"), 3);
    await store.close();
  });

  test(`${name}: take returns a value once and never again`, async () => {
    const { store } = await fresh();
    await store.set("approvals/x", { ok: true });
    assert.deepEqual(await store.take("approvals/x"), { ok: true });
    assert.equal(await store.take("approvals/x"), undefined);
    await store.close();
  });

  test(`${name}: list returns only keys under the prefix, in key order`, async () => {
    const { store } = await fresh();
    await store.set("keys/b", 2);
    await store.set("keys/a", 1);
    await store.set("keysX", 9);
    await store.set("pins/a", 3);
    assert.deepEqual(await store.list("keys/"), [
      { key: "keys/a", value: 1 },
      { key: "keys/b", value: 2 },
    ]);
    assert.equal(await store.delete("keys/a"), true);
    assert.equal(await store.delete("keys/a"), false);
    assert.deepEqual(
      (await store.list("keys/")).map((e) => e.key),
      ["keys/b"],
    );
    await store.close();
  });

  test(`${name}: a counter adds up inside its window and starts again after it`, async () => {
    const { store, clock } = await fresh();
    assert.equal(await store.increment("fail/1.2.3.4", 1, 60), 1);
    assert.equal(await store.increment("fail/1.2.3.4", 1, 60), 2);
    clock.now += 59_000;
    assert.equal(await store.increment("fail/1.2.3.4", 1, 60), 3);
    clock.now += 2_000;
    assert.equal(await store.increment("fail/1.2.3.4", 1, 60), 1);
    await store.close();
  });

  test(`${name}: a token bucket empties, says when to retry, and refills over time`, async () => {
    const { store, clock } = await fresh();
    for (let i = 0; i < 3; i++) assert.equal((await store.takeTokens("rate/a", 3, 1)).ok, true);
    const denied = await store.takeTokens("rate/a", 3, 1);
    assert.equal(denied.ok, false);
    assert.equal(denied.retryAfterSeconds, 1);
    clock.now += 1_000;
    assert.equal((await store.takeTokens("rate/a", 3, 1)).ok, true);
    assert.equal((await store.takeTokens("rate/b", 3, 1)).ok, true, "buckets are per key");
    await store.close();
  });

  test(`${name}: an append-only log keeps order and numbers records from 1`, async () => {
    const { store } = await fresh();
    assert.equal(await store.last("audit"), undefined);
    assert.deepEqual(await store.append("audit", [{ n: 1 }, { n: 2 }]), [1, 2]);
    assert.deepEqual(await store.append("audit", [{ n: 3 }]), [3]);
    assert.deepEqual(await store.append("other", [{ n: 9 }]), [1]);
    assert.deepEqual(
      (await store.read<{ n: number }>("audit")).map((r) => [r.seq, r.record.n]),
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
    );
    assert.deepEqual(
      (await store.read<{ n: number }>("audit", 1, 1)).map((r) => r.seq),
      [2],
    );
    assert.deepEqual(await store.last("audit"), { seq: 3, record: { n: 3 } });
    await store.close();
  });

  test(`${name}: records appended as JSON text read back parsed, numbered with the rest`, async () => {
    const { store } = await fresh();
    assert.deepEqual(await store.append("audit", [{ n: 1 }]), [1]);
    assert.deepEqual(await store.appendJson("audit", ['{"n":2,"s":"a\\"b"}', '{"n":3}']), [2, 3]);
    assert.deepEqual(
      (await store.read<{ n: number; s?: string }>("audit")).map((r) => [r.seq, r.record]),
      [
        [1, { n: 1 }],
        [2, { n: 2, s: 'a"b' }],
        [3, { n: 3 }],
      ],
    );
    assert.deepEqual(await store.last("audit"), { seq: 3, record: { n: 3 } });
    await store.close();
  });
}
