import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import { AddressesInUse } from "./in_use.ts";
import { PendingAllocations } from "./pending.ts";

Deno.test("pending allocations are added to a view until confirmed by the cache", () => {
  const pending = new PendingAllocations({ clock: new FakeClock(0) });
  pending.record("10.0.0.1", "Gateway a/one");
  pending.record("10.0.0.2", "Gateway a/two");
  const pass = new AddressesInUse().overlay();
  pending.addTo(pass);
  assert.deepEqual(pass.owners("10.0.0.1"), ["Gateway a/one"]);
  pending.confirm("10.0.0.1", "Gateway a/one");
  assert.equal(pending.size, 1);
  pending.confirm("10.0.0.2", "Gateway a/someone-else");
  assert.equal(pending.size, 1, "only the owner's own address is confirmed");
});

Deno.test("a pending allocation expires after its time to live, and recording it again restarts it", () => {
  const clock = new FakeClock(1_000);
  const pending = new PendingAllocations({ clock, ttlMs: 100 });
  pending.record("10.0.0.1", "Gateway a/one");
  clock.advance(99);
  pending.record("10.0.0.1", "Gateway a/one");
  clock.advance(99);
  assert.equal(pending.size, 1);
  clock.advance(1);
  assert.equal(pending.size, 0);
  const pass = new AddressesInUse();
  pending.addTo(pass);
  assert.equal(pass.size, 0);
});

Deno.test("forgetting an owner drops all its pending addresses, confirming matches any spelling", () => {
  const pending = new PendingAllocations({ clock: new FakeClock(0) });
  pending.record("2001:db8::1", "Gateway a/one");
  pending.record("10.0.0.1", "Gateway a/one");
  pending.record("10.0.0.2", "Gateway a/two");
  pending.forget("Gateway a/one");
  assert.equal(pending.size, 1);
  pending.confirm("10.0.0.2", "Gateway a/two");
  pending.record("2001:DB8::5", "Gateway a/three");
  pending.confirm("2001:db8:0::5", "Gateway a/three");
  assert.equal(pending.size, 0);
});

Deno.test("a time to live that is not positive is refused with the value", () => {
  assert.throws(
    () => new PendingAllocations({ ttlMs: 0 }),
    /ttlMs must be positive, not 0/,
  );
});

Deno.test("latest() gives each owner's most recent pending address and forgets expired and confirmed ones", () => {
  const clock = new FakeClock(0);
  const pending = new PendingAllocations({ clock, ttlMs: 100 });
  pending.record("10.0.0.1", "Gateway a/one");
  clock.advance(10);
  pending.record("10.0.0.2", "Gateway a/one");
  pending.record("10.0.0.3", "Gateway a/two");
  assert.deepEqual(
    pending.latest(),
    new Map([["Gateway a/one", "10.0.0.2"], ["Gateway a/two", "10.0.0.3"]]),
  );
  pending.confirm("10.0.0.3", "Gateway a/two");
  clock.advance(95);
  assert.deepEqual(pending.latest(), new Map([["Gateway a/one", "10.0.0.2"]]));
  clock.advance(10);
  assert.deepEqual(pending.latest(), new Map());
});
