import assert from "node:assert/strict";
import { SortedKeys } from "./sorted_keys.ts";

Deno.test("sorted keys agree with a sorted array through thousands of random inserts and deletes", () => {
  let state = 7;
  const next = (n: number) => (state = (state * 1103515245 + 12345) % 2147483648) % n;
  const keys = new SortedKeys();
  const model = new Set<bigint>();
  for (let i = 0; i < 20_000; i++) {
    const key = BigInt(next(5_000));
    if (next(3) === 0) assert.equal(keys.delete(key), model.delete(key));
    else assert.equal(keys.insert(key), !model.has(key) && !!model.add(key));
    if (i % 500 === 0) {
      const sorted = [...model].sort((a, b) => (a < b ? -1 : 1));
      assert.deepEqual([...keys], sorted);
      const probe = BigInt(next(5_100));
      assert.equal(keys.rank(probe), sorted.filter((k) => k < probe).length);
      assert.equal(keys.has(probe), model.has(probe));
    }
  }
  assert.equal(keys.size, model.size);
});

Deno.test("count covers a closed interval and is 0 for an empty one", () => {
  const keys = new SortedKeys();
  for (const k of [1n, 5n, 9n]) keys.insert(k);
  assert.equal(keys.count(1n, 9n), 3);
  assert.equal(keys.count(2n, 8n), 1);
  assert.equal(keys.count(9n, 1n), 0);
  assert.equal(keys.rank(100n), 3);
});

Deno.test("keys beyond 2^64 (IPv6) sort and count like small ones", () => {
  const keys = new SortedKeys();
  const big = 1n << 100n;
  for (let i = 0n; i < 3000n; i++) keys.insert(big + i * 2n);
  assert.equal(keys.count(big, big + 1000n), 501);
  assert.ok(keys.delete(big + 2n));
  assert.equal(keys.count(big, big + 1000n), 500);
});
