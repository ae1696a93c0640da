import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import { Expectations } from "./expectations.ts";

const svc = (name: string, rv: string) => ({
  metadata: { namespace: "demo", name, resourceVersion: rv },
});

Deno.test("an owner waits until the informer delivers the version it wrote, then is woken once", () => {
  const woken: string[] = [];
  const e = new Expectations({ clock: new FakeClock(0), onSatisfied: (o) => woken.push(o) });
  e.expectWrite("demo/edge", "Service", svc("a", "10"), svc("a", "7"));
  e.expectWrite("demo/edge", "EndpointSlice", svc("a-1", "11"));
  assert.ok(e.pending("demo/edge") > 0);
  e.observe("Service", svc("a", "8"), false);
  assert.ok(e.pending("demo/edge") > 0, "an older version does not count");
  e.observe("Service", svc("a", "10"), false);
  assert.deepEqual(woken, [], "one expectation is still open");
  e.observe("EndpointSlice", svc("a-1", "11"), false);
  assert.deepEqual(woken, ["demo/edge"]);
  assert.equal(e.pending("demo/edge"), 0);
});

Deno.test("a deletion is met by the delete event, not by an update", () => {
  const e = new Expectations({ clock: new FakeClock(0) });
  e.expectDeletion("demo/edge", "Service", svc("old", ""));
  e.observe("Service", svc("old", "12"), false);
  assert.ok(e.pending("demo/edge") > 0);
  e.observe("Service", svc("old", "12"), true);
  assert.equal(e.pending("demo/edge"), 0);
});

Deno.test("a no-op write (the server kept the cached version) expects nothing", () => {
  const e = new Expectations({ clock: new FakeClock(0) });
  e.expectWrite("demo/edge", "Service", svc("a", "7"), svc("a", "7"));
  assert.equal(e.pending("demo/edge"), 0);
});

Deno.test("an expectation the informer never meets (a relist skipped it) expires after its time to live", () => {
  const clock = new FakeClock(0);
  const e = new Expectations({ clock, ttlMs: 1_000 });
  e.expectWrite("demo/edge", "Service", svc("a", "10"));
  clock.advance(400);
  assert.equal(e.pending("demo/edge"), 600, "the wait is what remains of the time to live");
  clock.advance(600);
  assert.equal(e.pending("demo/edge"), 0);
  assert.equal(e.size, 0);
});

Deno.test("owners are independent", () => {
  const e = new Expectations({ clock: new FakeClock(0) });
  e.expectWrite("demo/a", "Gateway", svc("a", "3"));
  assert.equal(e.pending("demo/b"), 0);
});

Deno.test("a write whose watch event arrived before its response is not waited for", () => {
  const e = new Expectations({ clock: new FakeClock(0) });
  e.expectWrite("demo/edge", "Service", svc("a", "10"), svc("a", "7"), svc("a", "10"));
  e.expectWrite("demo/edge", "Service", svc("b", "12"), svc("b", "9"), svc("b", "13"));
  e.expectDeletion("demo/edge", "Service", svc("c", ""), false);
  assert.equal(e.pending("demo/edge"), 0);
});
