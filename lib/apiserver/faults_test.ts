import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import { configMap, paths, withServer } from "./testing.ts";

Deno.test("faults: every watch is dropped after N events (a clean end of stream)", () =>
  withServer({ faults: { watchMaxEvents: 2 } }, async (_s, c) => {
    const rv = (await c.get(paths.cm())).body.metadata.resourceVersion;
    const w = await c.watch(`${paths.cm()}?resourceVersion=${rv}`);
    for (const n of ["a", "b", "c"]) await c.post(paths.cm(), configMap(n));
    assert.equal((await w.next()).object.metadata.name, "a");
    assert.equal((await w.next()).object.metadata.name, "b");
    assert.ok(await w.waitEnd());
    assert.equal(w.pending, 0);
  }));

Deno.test("faults: every watch is dropped after T seconds", () => {
  const clock = new FakeClock(0);
  return withServer({ clock }, async (s, c) => {
    s.faults.set({ watchMaxSeconds: 10 });
    const w = await c.watch(`${paths.cm()}?resourceVersion=1`);
    clock.advance(9_999);
    await c.post(paths.cm(), configMap("a"));
    assert.equal((await w.next()).type, "ADDED");
    clock.advance(1);
    assert.ok(await w.waitEnd());
  });
});

Deno.test("faults: a conflict rate of 1 answers every write 409 Conflict and leaves reads alone", () =>
  withServer({}, async (s, c) => {
    await c.post(paths.cm(), configMap("x"));
    s.faults.set({ conflictRate: 1 });
    const r = await c.put(paths.cm("default", "x"), configMap("x", { a: "1" }));
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, "Conflict");
    assert.match(
      r.body.message,
      /^Operation cannot be fulfilled on configmaps "x": the object has been modified/,
    );
    assert.equal((await c.get(paths.cm("default", "x"))).status, 200);
    assert.equal(s.faults.injected, 1);
    s.faults.reset();
    assert.equal((await c.put(paths.cm("default", "x"), configMap("x", { a: "1" }))).status, 200);
  }));

Deno.test("faults: injected 500s carry Retry-After (client-go retries them) unless told not to", () =>
  withServer({ faults: { errorRate: 1 } }, async (s, c) => {
    const r = await c.post(paths.cm(), configMap("x"));
    assert.equal(r.status, 500);
    assert.equal(r.body.reason, "InternalError");
    assert.equal(r.headers.get("retry-after"), "1");
    assert.equal(r.body.details.retryAfterSeconds, 1);
    s.faults.set({ retryAfterSeconds: 0 });
    const r2 = await c.post(paths.cm(), configMap("x"));
    assert.equal(r2.status, 500);
    assert.equal(r2.headers.get("retry-after"), null);
    assert.equal(s.store.get("v1", "ConfigMap", "default", "x"), undefined, "nothing was written");
  }));

Deno.test("faults: rates are drawn from the injected random source", () =>
  withServer({}, async (s, c) => {
    const draws = [0.1, 0.5, 0.9];
    s.faults.set({ conflictRate: 0.3, errorRate: 0.3, random: () => draws.shift() ?? 1 });
    const codes = [];
    for (const n of ["a", "b", "c"]) codes.push((await c.post(paths.cm(), configMap(n))).status);
    assert.deepEqual(codes, [409, 500, 201]);
  }));

Deno.test("faults: latency delays every answer by at least the configured time", () =>
  withServer({ faults: { latencyMs: 50 } }, async (_s, c) => {
    const t0 = performance.now();
    assert.equal((await c.get("/version")).status, 200);
    assert.ok(performance.now() - t0 >= 45);
  }));

Deno.test("faults: compact() makes resuming from an older resourceVersion a 410", () =>
  withServer({}, async (s, c) => {
    const a = (await c.post(paths.cm(), configMap("a"))).body;
    await c.post(paths.cm(), configMap("b"));
    s.faults.compact();
    const w = await c.watch(`${paths.cm()}?resourceVersion=${a.metadata.resourceVersion}`);
    const ev = await w.next();
    assert.equal(ev.type, "ERROR");
    assert.equal(ev.object.code, 410);
    assert.ok(await w.waitEnd());
    const current = (await c.get(paths.cm())).body.metadata.resourceVersion;
    const fresh = await c.watch(`${paths.cm()}?resourceVersion=${current}`);
    await c.post(paths.cm(), configMap("c"));
    assert.equal((await fresh.next()).object.metadata.name, "c");
    await fresh.close();
  }));

Deno.test("faults: restart() cuts every watch and serves the same store on the same URL", () =>
  withServer({}, async (s, c) => {
    const a = (await c.post(paths.cm(), configMap("a"))).body;
    const w = await c.watch(`${paths.cm()}?resourceVersion=${a.metadata.resourceVersion}`);
    await s.restart();
    assert.ok(await w.waitEnd());
    const r = await c.get(paths.cm("default", "a"));
    assert.equal(r.status, 200);
    assert.equal(r.body.metadata.uid, a.metadata.uid);
    const resumed = await c.watch(`${paths.cm()}?resourceVersion=${a.metadata.resourceVersion}`);
    await c.post(paths.cm(), configMap("b"));
    assert.equal((await resumed.next()).object.metadata.name, "b");
    await resumed.close();
  }));

Deno.test("faults: dropWatches() ends open watches now", () =>
  withServer({}, async (s, c) => {
    const w = await c.watch(`${paths.cm()}?resourceVersion=1`);
    s.faults.dropWatches();
    assert.ok(await w.waitEnd());
  }));
