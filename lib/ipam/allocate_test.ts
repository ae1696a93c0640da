import assert from "node:assert/strict";
import { allocate, poolFigures } from "./allocate.ts";
import { parsePoolConfig } from "./config.ts";
import { AddressesInUse } from "./in_use.ts";
import type { Pool } from "./pool.ts";

const foreign: Pool = {
  name: "range-global",
  scope: "global",
  dhcp: false,
  order: "asc",
  size: 1n,
  families: [4],
  diagnostics: [],
  describe: () => "10.0.0.1",
  contains: (address) => address === "10.0.0.1",
};

Deno.test("allocation from a pool not made by parsePoolConfig is refused with a clear error", () => {
  assert.throws(
    () => allocate(foreign, new AddressesInUse()),
    {
      name: "TypeError",
      message: "Cannot allocate from pool range-global: use a pool from parsePoolConfig",
    },
  );
  assert.throws(() => poolFigures(foreign, new AddressesInUse()), TypeError);
});

Deno.test("allocation leaves the view alone: the caller records what it hands out", () => {
  const pool = parsePoolConfig({ "range-global": "10.0.0.1-10.0.0.2" }).pools.get("range-global")!;
  const inUse = new AddressesInUse();
  assert.deepEqual(allocate(pool, inUse), { ok: true, address: "10.0.0.1" });
  assert.deepEqual(allocate(pool, inUse), { ok: true, address: "10.0.0.1" });
  assert.equal(inUse.size, 0);
});
