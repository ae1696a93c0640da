import assert from "node:assert/strict";
import { AddressesInUse } from "./in_use.ts";

Deno.test("an address with several owners stays in use until its last owner lets go", () => {
  const inUse = new AddressesInUse();
  inUse.add("10.0.0.1", "Service a/web");
  inUse.add("10.0.0.1", "Gateway a/gw");
  inUse.add("10.0.0.1", "Gateway a/gw");
  assert.deepEqual(inUse.owners("10.0.0.1"), ["Service a/web", "Gateway a/gw"]);
  inUse.remove("10.0.0.1", "Service a/web");
  assert.ok(inUse.has("10.0.0.1"));
  inUse.remove("10.0.0.1", "Gateway a/gw");
  assert.equal(inUse.has("10.0.0.1"), false);
  assert.equal(inUse.size, 0);
});

Deno.test("any spelling of an address is the same address", () => {
  const inUse = new AddressesInUse();
  inUse.add("2001:DB8::0:1", "Service a/web");
  assert.deepEqual(inUse.owners("2001:db8::1"), ["Service a/web"]);
  inUse.remove("2001:db8:0:0:0:0:0:1", "Service a/web");
  assert.equal(inUse.size, 0);
});

Deno.test("text that is no IP address is refused and recorded nowhere", () => {
  const inUse = new AddressesInUse();
  assert.equal(inUse.add("lb.example.com", "Service a/web"), false);
  assert.equal(inUse.remove("10.0.0.300", "Service a/web"), false);
  assert.equal(inUse.size, 0);
  assert.deepEqual(inUse.owners("not an address"), []);
});

Deno.test("the unspecified addresses mean DHCP and are never in use", () => {
  const inUse = new AddressesInUse();
  assert.ok(inUse.add("0.0.0.0", "Service a/dhcp"));
  assert.ok(inUse.add("::", "Service a/dhcp6"));
  assert.equal(inUse.has("0.0.0.0"), false);
  assert.equal(inUse.size, 0);
});

Deno.test("an overlay sees its parent, keeps its own writes, and can hide the parent's pairs", () => {
  const cache = new AddressesInUse();
  cache.add("10.0.0.1", "Service a/web");
  const pass = cache.overlay();
  pass.add("10.0.0.2", "Gateway a/gw");
  pass.remove("10.0.0.1", "Service a/web");
  assert.deepEqual(pass.owners("10.0.0.2"), ["Gateway a/gw"]);
  assert.equal(pass.has("10.0.0.1"), false);
  assert.equal(pass.size, 1);
  assert.ok(cache.has("10.0.0.1"));
  assert.equal(cache.has("10.0.0.2"), false);
  assert.equal(cache.size, 1);
});

Deno.test("changes to the parent after an overlay is made show through it", () => {
  const cache = new AddressesInUse();
  const pass = cache.overlay();
  pass.add("10.0.0.2", "Gateway a/gw");
  cache.add("10.0.0.3", "Service a/web");
  cache.add("10.0.0.2", "Service a/other");
  assert.ok(pass.has("10.0.0.3"));
  assert.deepEqual(pass.owners("10.0.0.2"), ["Service a/other", "Gateway a/gw"]);
  assert.equal(pass.size, 2);
});

Deno.test("an overlay of an overlay stacks both", () => {
  const cache = new AddressesInUse();
  cache.add("10.0.0.1", "Service a/web");
  const outer = cache.overlay();
  outer.add("10.0.0.2", "Gateway a/one");
  const inner = outer.overlay();
  inner.add("10.0.0.3", "Gateway a/two");
  inner.remove("10.0.0.1", "Service a/web");
  assert.deepEqual(["10.0.0.1", "10.0.0.2", "10.0.0.3"].map((a) => inner.has(a)), [
    false,
    true,
    true,
  ]);
  assert.equal(inner.size, 2);
  assert.equal(outer.size, 2);
});
