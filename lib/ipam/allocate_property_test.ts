/**
 * Property tests: random pools and random sequences of allocations, releases and requests (some
 * of them in overlays), each result checked against a brute-force model that walks every address.
 * Seeded, so a failure names the seed that reproduces it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Family, formatAddress, keyOf } from "./address.ts";
import { allocate, poolFigures } from "./allocate.ts";
import { requestAddress } from "./request.ts";
import { parsePoolConfig } from "./config.ts";
import { AddressesInUse } from "./in_use.ts";
import type { Pool } from "./pool.ts";

/** mulberry32: a small, good-enough seeded generator. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

interface Candidate {
  family: Family;
  value: bigint;
  text: string;
}

/** A random pool near octet and group boundaries, and the addresses around it. */
function randomPool(rand: (n: number) => number) {
  const entries: string[] = [];
  const windows: Array<[Family, bigint, bigint]> = [];
  for (let i = rand(4) + 1; i > 0; i--) {
    const family: Family = rand(3) === 0 ? 6 : 4;
    const base = family === 4
      ? 0x0a000000n + BigInt(rand(4) * 256 + 240 + rand(20))
      : 0x20010db8n << 96n | BigInt(rand(3) * 0x10000 + 0xfff0 + rand(20));
    if (rand(2) === 0) {
      const bits = family === 4 ? 26 + rand(7) : 122 + rand(7);
      const size = 1n << BigInt((family === 4 ? 32 : 128) - bits);
      const first = base & ~(size - 1n);
      entries.push(`${formatAddress(family, base)}/${bits}`);
      windows.push([family, first, first + size - 1n]);
    } else {
      const last = base + BigInt(rand(30));
      entries.push(`${formatAddress(family, base)}-${formatAddress(family, last)}`);
      windows.push([family, base, last]);
    }
  }
  const universe = new Map<bigint, Candidate>();
  for (const [family, lo, hi] of windows) {
    for (let v = lo - 2n; v <= hi + 2n; v++) {
      universe.set(keyOf(family, v), { family, value: v, text: formatAddress(family, v) });
    }
  }
  const sorted = [...universe.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c);
  return { entries, windows, universe: sorted };
}

const allocatable = (c: Candidate) =>
  c.family === 6 || ((c.value & 0xffn) !== 0n && (c.value & 0xffn) !== 0xffn);

function expectedFree(pool: Pool, universe: Candidate[], used: Set<string>, family: Family) {
  const members = universe.filter((c) => c.family === family && pool.contains(c.text));
  const free = members.filter((c) => allocatable(c) && !used.has(c.text));
  return (pool.order === "asc" ? free[0] : free[free.length - 1])?.text;
}

type Pairs = Map<string, Set<string>>; // address → owners
type Op = readonly ["add" | "remove", string, string];

function apply(pairs: Pairs, [op, address, owner]: Op): void {
  const owners = pairs.get(address) ?? new Set<string>();
  if (op === "add") owners.add(owner);
  else owners.delete(owner);
  if (owners.size > 0) pairs.set(address, owners);
  else pairs.delete(address);
}

/** What a view must hold: the root's pairs, then the overlay's own operations replayed in order. */
function expected(root: Pairs, overlay: Op[] | undefined): Pairs {
  if (!overlay) return root;
  const pairs: Pairs = new Map([...root].map(([a, o]) => [a, new Set(o)]));
  for (const op of overlay) apply(pairs, op);
  return pairs;
}

function checkFigures(pool: Pool, view: AddressesInUse, universe: Candidate[], pairs: Pairs) {
  const members = universe.filter((c) => pool.contains(c.text));
  const used = members.filter((c) => pairs.has(c.text));
  const free = members.filter((c) => allocatable(c) && !pairs.has(c.text));
  const figures = poolFigures(pool, view);
  assert.equal(figures.size, BigInt(members.length), "size");
  assert.equal(figures.used, BigInt(used.length), "used");
  assert.equal(figures.free, BigInt(free.length), "free");
  assert.equal(view.size, pairs.size, "addresses in use");
}

function runScenario(seed: number): void {
  const rand = random(seed);
  const { entries, windows, universe } = randomPool(rand);
  const skipEnd = rand(2) === 0;
  const config = parsePoolConfig({
    "cidr-global": entries.join(", "),
    "search-order": rand(2) === 0 ? "asc" : "desc",
    "skip-end-ips-in-cidr": String(skipEnd),
  });
  assert.deepEqual(config.diagnostics, []);
  const pool = config.pools.get("cidr-global")!;
  if (!skipEnd) {
    for (const c of universe) {
      const inside = windows.some(([f, lo, hi]) =>
        f === c.family && c.value >= lo && c.value <= hi
      );
      assert.equal(pool.contains(c.text), inside, `contains(${c.text})`);
    }
  }
  const root = new AddressesInUse();
  const rootPairs: Pairs = new Map();
  let view = root;
  let overlayOps: Op[] | undefined;
  const record = (op: Op) => {
    (op[0] === "add" ? view.add : view.remove).call(view, op[1], op[2]);
    if (overlayOps) overlayOps.push(op);
    else apply(rootPairs, op);
  };
  for (let step = 0; step < 120; step++) {
    const pairs = expected(rootPairs, overlayOps);
    const op = rand(20);
    if (op < 11) {
      const family: Family = pool.families.length === 2 ? (rand(2) ? 4 : 6) : pool.families[0]!;
      const want = expectedFree(pool, universe, new Set(pairs.keys()), family);
      const got = allocate(pool, view, { family });
      assert.equal(got.ok ? got.address : undefined, want, `allocate at step ${step}`);
      if (got.ok) {
        assert.ok(!pairs.has(got.address) && pool.contains(got.address));
        record(["add", got.address, `Gateway ns/g${step}`]);
      }
    } else if (op < 15 && pairs.size > 0) {
      const [address, owners] = [...pairs.entries()][rand(pairs.size)]!;
      record(["remove", address, [...owners][rand(owners.size)]!]);
    } else if (op < 17) {
      const c = universe[rand(universe.length)]!;
      const owner = `Gateway ns/static${rand(2)}`;
      const got = requestAddress(c.text, pool, view, { owner });
      const others = [...(pairs.get(c.text) ?? [])].filter((o) => o !== owner);
      assert.equal(got.ok, pool.contains(c.text) && others.length === 0, `request ${c.text}`);
      if (got.ok) record(["add", c.text, owner]);
    } else if (op < 18 && overlayOps) {
      // The cache changes under a pass: a Service takes (or drops) an address in the root view.
      const c = universe[rand(universe.length)]!;
      const change: Op = [rand(2) ? "add" : "remove", c.text, `Service ns/s${rand(3)}`];
      (change[0] === "add" ? root.add : root.remove).call(root, change[1], change[2]);
      apply(rootPairs, change);
    } else if (!overlayOps) {
      view = root.overlay();
      overlayOps = [];
    } else {
      view = root; // the pass is dropped: the root must be as it was
      overlayOps = undefined;
    }
    checkFigures(pool, view, universe, expected(rootPairs, overlayOps));
  }
}

Deno.test("random pools and sequences: every address handed out is the lowest (or highest) free one inside the pool, never one in use", () => {
  for (let seed = 1; seed <= 200; seed++) {
    try {
      runScenario(seed);
    } catch (error) {
      throw new Error(`seed ${seed}: ${(error as Error).message}`, { cause: error });
    }
  }
});
