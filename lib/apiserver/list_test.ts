import assert from "node:assert/strict";
import { configMap, gateway, paths, withServer } from "./testing.ts";
import type { TestClient } from "./testing.ts";

async function seed(c: TestClient) {
  await c.post(paths.ns(), { metadata: { name: "other" } });
  await c.post(paths.cm(), configMap("a", {}, { labels: { app: "web", tier: "front", n: "3" } }));
  await c.post(paths.cm(), configMap("b", {}, { labels: { app: "db" } }));
  await c.post(paths.cm(), configMap("c"));
  await c.post(paths.cm("other"), configMap("d", {}, { labels: { app: "web" } }));
}

const names = (r: { body: { items: { metadata: { name: string } }[] } }) =>
  r.body.items.map((i) => i.metadata.name);

Deno.test("LIST-1: a list has kind, apiVersion, the current RV, and [] when empty", () =>
  withServer({}, async (_s, c) => {
    const empty = await c.get(paths.gw());
    assert.equal(empty.text.includes('"items":[]'), true);
    const cm = (await c.post(paths.cm(), configMap("a"))).body;
    const r = await c.get(paths.cm());
    assert.equal(r.body.kind, "ConfigMapList");
    assert.equal(r.body.apiVersion, "v1");
    assert.ok(Number(r.body.metadata.resourceVersion) >= Number(cm.metadata.resourceVersion));
    assert.equal(r.body.metadata.continue, undefined);
    await c.post(paths.gw(), gateway("g"));
    const gws = await c.get(paths.gw());
    assert.equal(gws.body.kind, "GatewayList");
    assert.equal(gws.body.apiVersion, "gateway.networking.k8s.io/v1");
  }));

Deno.test("LIST-2: listing without a namespace returns every namespace's objects", () =>
  withServer({}, async (_s, c) => {
    await seed(c);
    const r = await c.get("/api/v1/configmaps");
    assert.deepEqual(names(r), ["a", "b", "c", "d"]);
  }));

Deno.test("LIST-3: label selectors filter lists; a bad selector is 400", () =>
  withServer({}, async (_s, c) => {
    await seed(c);
    const q = (sel: string) => c.get(`${paths.cm()}?labelSelector=${encodeURIComponent(sel)}`);
    assert.deepEqual(names(await q("app=web")), ["a"]);
    assert.deepEqual(names(await q("app!=web")), ["b", "c"]);
    assert.deepEqual(names(await q("app in (web,db)")), ["a", "b"]);
    assert.deepEqual(names(await q("app notin (web)")), ["b", "c"]);
    assert.deepEqual(names(await q("!app")), ["c"]);
    assert.deepEqual(names(await q("app,tier=front,n>2")), ["a"]);
    const bad = await q("a=b=c");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.reason, "BadRequest");
  }));

Deno.test("LIST-4, LIST-5: field selectors on metadata and on kind-specific fields", () =>
  withServer({}, async (_s, c) => {
    await seed(c);
    const byName = await c.get(`/api/v1/configmaps?fieldSelector=metadata.name%3Dd`);
    assert.deepEqual(names(byName), ["d"]);
    const notNs = await c.get(`/api/v1/configmaps?fieldSelector=metadata.namespace!%3Ddefault`);
    assert.deepEqual(names(notNs), ["d"]);
    const active = await c.get(`${paths.ns()}?fieldSelector=status.phase%3DActive`);
    assert.ok(names(active).includes("default"));
  }));

Deno.test("LIST-6: unsupported field selectors are 400 with the kind's wording", () =>
  withServer({}, async (_s, c) => {
    const cm = await c.get(`${paths.cm()}?fieldSelector=spec.foo%3Dx`);
    assert.equal(cm.status, 400);
    assert.equal(
      cm.body.message,
      '"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    const gw = await c.get(`${paths.gw()}?fieldSelector=spec.foo%3Dx`);
    assert.equal(gw.status, 400);
    assert.equal(gw.body.message, "field label not supported: spec.foo");
  }));

Deno.test("LIST-7: limit and continue page through one consistent snapshot", () =>
  withServer({}, async (_s, c) => {
    for (const n of ["a", "b", "c", "d", "e"]) await c.post(paths.cm(), configMap(n));
    const p1 = await c.get(`${paths.cm()}?limit=2`);
    assert.deepEqual(names(p1), ["a", "b"]);
    assert.ok(p1.body.metadata.continue);
    assert.equal(p1.body.metadata.remainingItemCount, 3);
    await c.post(paths.cm(), configMap("bb"));
    await c.patch(paths.cm("default", "c"), { data: { changed: "yes" } });
    const p2 = await c.get(`${paths.cm()}?limit=2&continue=${p1.body.metadata.continue}`);
    assert.deepEqual(names(p2), ["c", "d"]);
    assert.equal(p2.body.items[0].data?.changed, undefined, "page 2 shows the snapshot");
    assert.equal(p2.body.metadata.resourceVersion, p1.body.metadata.resourceVersion);
    const p3 = await c.get(`${paths.cm()}?limit=2&continue=${p2.body.metadata.continue}`);
    assert.deepEqual(names(p3), ["e"]);
    assert.equal(p3.body.metadata.continue, undefined);
  }));

Deno.test("LIST-8: resourceVersion=0 ignores limit, as informers' first list expects", () =>
  withServer({}, async (_s, c) => {
    for (const n of ["a", "b", "c"]) await c.post(paths.cm(), configMap(n));
    const r = await c.get(`${paths.cm()}?limit=1&resourceVersion=0`);
    assert.deepEqual(names(r), ["a", "b", "c"]);
    assert.equal(r.body.metadata.continue, undefined);
  }));

Deno.test("LIST-9: an expired continue token is 410 Expired", () =>
  withServer({}, async (s, c) => {
    for (const n of ["a", "b", "c"]) await c.post(paths.cm(), configMap(n));
    const p1 = await c.get(`${paths.cm()}?limit=1`);
    s.faults.compact();
    const r = await c.get(`${paths.cm()}?limit=1&continue=${p1.body.metadata.continue}`);
    assert.equal(r.status, 410);
    assert.equal(r.body.reason, "Expired");
    assert.match(r.body.message, /^The provided continue parameter is too old/);
  }));

Deno.test("LIST-10: a garbage continue token, or one with a resourceVersion, is 400", () =>
  withServer({}, async (_s, c) => {
    const r = await c.get(`${paths.cm()}?continue=garbage!`);
    assert.equal(r.status, 400);
    assert.match(r.body.message, /^invalid continue token/);
    const r2 = await c.get(`${paths.cm()}?continue=abc&resourceVersion=5`);
    assert.equal(r2.status, 400);
    assert.equal(r2.body.message, "specifying resource version is not allowed when using continue");
  }));

Deno.test("LIST-11: a resourceVersion newer than the server's is 504 Too large resource version", () =>
  withServer({}, async (_s, c) => {
    const r = await c.get(`${paths.cm()}?resourceVersion=999999`);
    assert.equal(r.status, 504);
    assert.match(r.body.message, /^Timeout: Too large resource version: 999999, current: \d+$/);
    assert.equal(r.body.details.causes[0].reason, "ResourceVersionTooLarge");
  }));

Deno.test("LIST-11: an Exact list at a compacted resourceVersion is 410", () =>
  withServer({}, async (s, c) => {
    const a = (await c.post(paths.cm(), configMap("a"))).body;
    await c.post(paths.cm(), configMap("b"));
    s.faults.compact();
    const r = await c.get(
      `${paths.cm()}?resourceVersion=${a.metadata.resourceVersion}&resourceVersionMatch=Exact`,
    );
    assert.equal(r.status, 410);
    assert.equal(r.body.message, "The resourceVersion for the provided list is too old.");
  }));

Deno.test("LIST-12: invalid list option combinations are 422 on ListOptions", () =>
  withServer({}, async (_s, c) => {
    const r = await c.get(`${paths.cm()}?resourceVersionMatch=Exact`);
    assert.equal(r.status, 422);
    assert.match(r.body.message, /^ListOptions\.meta\.k8s\.io "" is invalid: resourceVersionMatch/);
  }));

Deno.test("LIST-13: a GET by name whose fieldSelector names another object is 400", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("a"));
    const r = await c.get(`${paths.cm("default", "a")}?fieldSelector=metadata.name%3Db`);
    assert.equal(r.status, 400);
    assert.equal(r.body.message, "fieldSelector metadata.name doesn't match requested name");
  }));
