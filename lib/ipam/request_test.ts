import assert from "node:assert/strict";
import { AddressesInUse } from "./in_use.ts";
import type { Pool } from "./pool.ts";
import { requestAddress } from "./request.ts";

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

Deno.test("a request checks any Pool through its contains()", () => {
  const inUse = new AddressesInUse();
  assert.deepEqual(requestAddress("10.0.0.1", foreign, inUse, { owner: "Gateway a/gw" }), {
    ok: true,
    address: "10.0.0.1",
  });
  assert.equal(requestAddress("10.0.0.2", foreign, inUse, { owner: "Gateway a/gw" }).ok, false);
});

Deno.test("a request names the value it refuses, whatever is wrong with it", () => {
  const inUse = new AddressesInUse();
  const owner = { owner: "Gateway a/gw" };
  assert.deepEqual(requestAddress("foo/24", undefined, inUse, owner), {
    ok: false,
    reason: "AddressNotUsable",
    message: '"foo/24" is not a valid IP address',
  });
  assert.deepEqual(requestAddress("fe80::1%eth0", undefined, inUse, owner), {
    ok: false,
    reason: "AddressNotUsable",
    message: '"fe80::1%eth0" has a zone (%…), which an address here cannot have',
  });
});
