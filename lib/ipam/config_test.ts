import assert from "node:assert/strict";
import { parsePoolConfig } from "./config.ts";

Deno.test("a diagnostic names the key and the entry as written, so an Event can point at them", () => {
  const config = parsePoolConfig({ "range-global": " 10.0.0.9-10.0.0.1 , 10.0.0.1-10.0.0.2" });
  assert.deepEqual(config.diagnostics, [{
    key: "range-global",
    entry: "10.0.0.9-10.0.0.1",
    message: 'range "10.0.0.9-10.0.0.1" in key range-global: start is after end',
  }]);
  assert.deepEqual(config.pools.get("range-global")?.diagnostics, config.diagnostics);
});

Deno.test("the settings are read as kube-vip-cloud-provider reads them", () => {
  const config = parsePoolConfig({ "search-order": "desc", "skip-end-ips-in-cidr": "true" });
  assert.equal(config.order, "desc");
  assert.equal(config.skipEndIpsInCidr, true);
  const defaults = parsePoolConfig({});
  assert.equal(defaults.order, "asc");
  assert.equal(defaults.skipEndIpsInCidr, false);
  assert.equal(defaults.pools.size, 0);
});

Deno.test("a pool knows its size, families and addresses", () => {
  const pool = parsePoolConfig({ "cidr-team-a": "10.0.0.0/24, 2001:db8::/120" }).pools.get(
    "cidr-team-a",
  )!;
  assert.equal(pool.size, 512n);
  assert.deepEqual(pool.families, [4, 6]);
  assert.equal(pool.scope, "namespace");
  assert.ok(pool.contains("2001:db8::ff"));
  assert.equal(pool.contains("2001:db8::100"), false);
  assert.equal(pool.contains("not an address"), false);
});
