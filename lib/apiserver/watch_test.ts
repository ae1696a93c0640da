import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import { configMap, gateway, paths, withServer } from "./testing.ts";

Deno.test("W-1: watch=True starts a watch; events are newline-delimited JSON with kind and apiVersion", () =>
  withServer({}, async (_s, c) => {
    const list = await c.get(paths.cm());
    const res = await fetch(
      `${c.base}${paths.cm()}?watch=True&resourceVersion=${list.body.metadata.resourceVersion}`,
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    await c.post(paths.cm(), configMap("a"));
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("\n")) text += (await reader.read()).value;
    const ev = JSON.parse(text.split("\n")[0]!);
    assert.equal(ev.type, "ADDED");
    assert.equal(ev.object.kind, "ConfigMap");
    assert.equal(ev.object.apiVersion, "v1");
    await reader.cancel();
  }));

Deno.test("W-1: the legacy /watch/ path and a watch on a named object are supported", () =>
  withServer({}, async (_s, c) => {
    const rv = (await c.get(paths.cm())).body.metadata.resourceVersion;
    const legacy = await c.watch(
      `/api/v1/watch/namespaces/default/configmaps?resourceVersion=${rv}`,
    );
    const named = await c.watch(`${paths.cm("default", "b")}?resourceVersion=${rv}`);
    await c.post(paths.cm(), configMap("a"));
    await c.post(paths.cm(), configMap("b"));
    assert.equal((await legacy.next()).object.metadata.name, "a");
    assert.equal((await named.next()).object.metadata.name, "b");
    await legacy.close();
    await named.close();
  }));

Deno.test("W-2: resuming from a resourceVersion replays only later events, in order, without initial ADDED", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("a"));
    const b = (await c.post(paths.cm(), configMap("b"))).body;
    await c.patch(paths.cm("default", "a"), { data: { x: "1" } });
    await c.delete(paths.cm("default", "b"));
    const w = await c.watch(`${paths.cm()}?resourceVersion=${b.metadata.resourceVersion}`);
    const e1 = await w.next();
    const e2 = await w.next();
    assert.deepEqual([e1.type, e1.object.metadata.name], ["MODIFIED", "a"]);
    assert.deepEqual([e2.type, e2.object.metadata.name], ["DELETED", "b"]);
    assert.ok(
      Number(e2.object.metadata.resourceVersion) > Number(e1.object.metadata.resourceVersion),
    );
    assert.equal(w.pending, 0);
    await w.close();
  }));

Deno.test("W-3: without a resourceVersion the watch starts with ADDED for every object, then the initial-events-end bookmark", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("a"));
    await c.post(paths.cm(), configMap("b"));
    const w = await c.watch(`${paths.cm()}?allowWatchBookmarks=true`);
    assert.equal((await w.next()).object.metadata.name, "a");
    assert.equal((await w.next()).object.metadata.name, "b");
    const bm = await w.next();
    assert.equal(bm.type, "BOOKMARK");
    assert.equal(bm.object.kind, "ConfigMap");
    assert.equal(bm.object.metadata.annotations["k8s.io/initial-events-end"], "true");
    await w.close();
  }));

Deno.test("W-4: sendInitialEvents needs resourceVersionMatch=NotOlderThan (422 otherwise)", () =>
  withServer({}, async (_s, c) => {
    const bad = await c.get(`${paths.cm()}?watch=true&sendInitialEvents=true`);
    assert.equal(bad.status, 422);
    assert.match(
      bad.body.message,
      /sendInitialEvents requires setting resourceVersionMatch to NotOlderThan/,
    );
    await c.post(paths.cm(), configMap("a"));
    const w = await c.watch(
      `${paths.cm()}?sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=1`,
    );
    assert.equal((await w.next()).type, "ADDED");
    assert.equal((await w.next()).type, "BOOKMARK");
    await w.close();
  }));

Deno.test("W-5: periodic bookmarks carry only the kind and the current resourceVersion", () => {
  const clock = new FakeClock(Date.UTC(2025, 0, 1));
  return withServer({ clock, bookmarkIntervalMs: 60_000 }, async (_s, c) => {
    const a = (await c.post(paths.cm(), configMap("a"))).body;
    const w = await c.watch(
      `${paths.cm()}?allowWatchBookmarks=true&resourceVersion=${a.metadata.resourceVersion}`,
    );
    const b = (await c.post(paths.gw(), gateway("g"))).body;
    clock.advance(60_000);
    const bm = await w.next();
    assert.equal(bm.type, "BOOKMARK");
    assert.deepEqual(bm.object, {
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { resourceVersion: b.metadata.resourceVersion },
    });
    await w.close();
  });
});

Deno.test("W-6: label changes move an object in and out of a selector-scoped watch", () =>
  withServer({}, async (_s, c) => {
    const a = (await c.post(paths.cm(), configMap("a"))).body;
    const w = await c.watch(
      `${paths.cm()}?labelSelector=app%3Dweb&resourceVersion=${a.metadata.resourceVersion}`,
    );
    const on =
      (await c.patch(paths.cm("default", "a"), { metadata: { labels: { app: "web" } } })).body;
    const e1 = await w.next();
    assert.equal(e1.type, "ADDED");
    assert.equal(e1.object.metadata.resourceVersion, on.metadata.resourceVersion);
    const off =
      (await c.patch(paths.cm("default", "a"), { metadata: { labels: { app: null } } })).body;
    const e2 = await w.next();
    assert.equal(e2.type, "DELETED");
    assert.equal(e2.object.metadata.labels.app, "web", "DELETED carries the previous content");
    assert.equal(
      e2.object.metadata.resourceVersion,
      off.metadata.resourceVersion,
      "with the new RV",
    );
    await w.close();
  }));

Deno.test("W-7: a deletion is a DELETED event carrying the last state and the deletion RV", () =>
  withServer({}, async (_s, c) => {
    const a = (await c.post(paths.cm(), configMap("a", { k: "v" }))).body;
    const w = await c.watch(`${paths.cm()}?resourceVersion=${a.metadata.resourceVersion}`);
    await c.delete(paths.cm("default", "a"));
    const ev = await w.next();
    assert.equal(ev.type, "DELETED");
    assert.equal(ev.object.data.k, "v");
    assert.ok(Number(ev.object.metadata.resourceVersion) > Number(a.metadata.resourceVersion));
    await w.close();
  }));

Deno.test("W-8: a resourceVersion older than the kept history is one ERROR 410 event on a 200 stream", () =>
  withServer({ watchHistory: 2 }, async (_s, c) => {
    const first = (await c.post(paths.cm(), configMap("a"))).body;
    for (let i = 0; i < 5; i++) await c.patch(paths.cm("default", "a"), { data: { i: String(i) } });
    const w = await c.watch(`${paths.cm()}?resourceVersion=${first.metadata.resourceVersion}`);
    assert.equal(w.response.status, 200);
    const ev = await w.next();
    assert.equal(ev.type, "ERROR");
    assert.equal(ev.object.kind, "Status");
    assert.equal(ev.object.code, 410);
    assert.equal(ev.object.reason, "Expired");
    assert.match(
      ev.object.message,
      new RegExp(`^too old resource version: ${first.metadata.resourceVersion} \\(\\d+\\)$`),
    );
    assert.ok(await w.waitEnd());
  }));

Deno.test("W-9: a resourceVersion in the future ends with a Timeout ERROR after 3 s", () => {
  const clock = new FakeClock(0);
  return withServer({ clock }, async (_s, c) => {
    const w = await c.watch(`${paths.cm()}?resourceVersion=99999`);
    clock.advance(3000);
    const ev = await w.next();
    assert.equal(ev.type, "ERROR");
    assert.equal(ev.object.code, 504);
    assert.match(ev.object.message, /^Timeout: Too large resource version: 99999/);
    assert.ok(await w.waitEnd());
  });
});

Deno.test("W-10: timeoutSeconds ends the stream cleanly, with no ERROR event", () => {
  const clock = new FakeClock(0);
  return withServer({ clock }, async (_s, c) => {
    const rv = (await c.get(paths.cm())).body.metadata.resourceVersion;
    const w = await c.watch(`${paths.cm()}?resourceVersion=${rv}&timeoutSeconds=30`);
    clock.advance(29_000);
    await c.post(paths.cm(), configMap("a"));
    assert.equal((await w.next()).type, "ADDED");
    clock.advance(1_000);
    assert.ok(await w.waitEnd());
    assert.equal(w.pending, 0);
  });
});

Deno.test("§0.5: a watch without timeoutSeconds stays open for at least 30 minutes", () => {
  const clock = new FakeClock(0);
  return withServer({ clock }, async (_s, c) => {
    const rv = (await c.get(paths.cm())).body.metadata.resourceVersion;
    const w = await c.watch(`${paths.cm()}?resourceVersion=${rv}`);
    clock.advance(29 * 60_000);
    await c.post(paths.cm(), configMap("a"));
    assert.equal((await w.next()).type, "ADDED");
    clock.advance(31 * 60_000 + 1);
    assert.ok(await w.waitEnd());
  });
});

Deno.test("watch events of one change are shared by many watchers, each filtered by namespace", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.ns(), { metadata: { name: "other" } });
    const rv = (await c.get(paths.cm())).body.metadata.resourceVersion;
    const all = await Promise.all(
      Array.from({ length: 10 }, () => c.watch(`/api/v1/configmaps?resourceVersion=${rv}`)),
    );
    const other = await c.watch(`${paths.cm("other")}?resourceVersion=${rv}`);
    await c.post(paths.cm(), configMap("a"));
    await c.post(paths.cm("other"), configMap("b"));
    for (const w of all) {
      assert.equal((await w.next()).object.metadata.name, "a");
      assert.equal((await w.next()).object.metadata.name, "b");
      await w.close();
    }
    assert.equal((await other.next()).object.metadata.name, "b");
    await other.close();
  }));
