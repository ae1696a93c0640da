import assert from "node:assert/strict";
import type { KubeObject } from "../types/mod.ts";
import { Cache } from "./cache.ts";

interface Route extends KubeObject {
  spec: { backends: string[] };
}

function route(namespace: string, name: string, backends: string[], rv = "1"): Route {
  return { metadata: { namespace, name, resourceVersion: rv }, spec: { backends } };
}

Deno.test("objects are found by key, by namespace and by a custom index", () => {
  const cache = new Cache<Route>({
    backend: (r) => r.spec.backends.map((b) => `${r.metadata.namespace}/${b}`),
  });
  cache.upsert(route("a", "r1", ["web", "db"]));
  cache.upsert(route("a", "r2", ["web"]));
  cache.upsert(route("b", "r3", ["web"]));
  assert.equal(cache.get("a", "r1")?.metadata.name, "r1");
  assert.equal(cache.get("a", "missing"), undefined);
  assert.deepEqual(cache.list("a").map((r) => r.metadata.name).sort(), ["r1", "r2"]);
  assert.equal(cache.list().length, 3);
  assert.deepEqual(cache.byIndex("backend", "a/web").map((r) => r.metadata.name).sort(), [
    "r1",
    "r2",
  ]);
  assert.deepEqual(cache.byIndex("backend", "a/db").map((r) => r.metadata.name), ["r1"]);
});

Deno.test("an update moves the object between index values, and a delete removes it", () => {
  const cache = new Cache<Route>({ backend: (r) => r.spec.backends });
  cache.upsert(route("a", "r1", ["web"]));
  const old = cache.upsert(route("a", "r1", ["db"], "2"));
  assert.equal(old?.metadata.resourceVersion, "1");
  assert.deepEqual(cache.byIndex("backend", "web"), []);
  assert.equal(cache.byIndex("backend", "db").length, 1);
  assert.equal(cache.delete("a/r1")?.metadata.resourceVersion, "2");
  assert.deepEqual(cache.byIndex("backend", "db"), []);
  assert.equal(cache.size, 0);
});

Deno.test("an index added late covers objects already cached; a throwing index function indexes nothing", () => {
  const cache = new Cache<Route>();
  cache.upsert(route("a", "r1", ["web"]));
  cache.addIndexer("backend", (r) => r.spec.backends);
  assert.equal(cache.byIndex("backend", "web").length, 1);
  cache.addIndexer("broken", () => {
    throw new Error("bad");
  });
  assert.deepEqual(cache.byIndex("broken", "x"), []);
  assert.throws(() => cache.byIndex("nope", "x"), /Cannot look up index "nope"/);
  assert.throws(() => cache.addIndexer("backend", () => []), /index "backend": it already exists/);
});

Deno.test("cluster-scoped objects are keyed by name alone", () => {
  const cache = new Cache<KubeObject>();
  cache.upsert({ metadata: { name: "kube-vip" } });
  assert.equal(cache.get(undefined, "kube-vip")?.metadata.name, "kube-vip");
  assert.equal(cache.get("", "kube-vip")?.metadata.name, "kube-vip");
  assert.equal(cache.getByKey("kube-vip")?.metadata.name, "kube-vip");
});
