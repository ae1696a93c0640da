import assert from "node:assert/strict";
import { mergePatch, strategicMergePatch } from "./patch.ts";
import { configMap, gateway, paths, withServer } from "./testing.ts";

Deno.test("PATCH-2: merge patch null deletes a key and arrays replace wholesale", () => {
  assert.deepEqual(
    mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null }, l: [3] }),
    { a: { c: 2 }, l: [3] },
  );
});

Deno.test("PATCH-6: strategic merge merges ports by port, unions finalizers, honours directives", () => {
  const target = {
    metadata: { finalizers: ["a"], labels: { x: "1", y: "2" } },
    spec: {
      ports: [{ port: 80, name: "http" }, { port: 443, name: "https" }],
      selector: { app: "a" },
    },
  };
  const patched = strategicMergePatch(target, {
    metadata: { finalizers: ["b"], labels: { y: null } },
    spec: {
      "$setElementOrder/ports": [{ port: 80 }, { port: 443 }],
      ports: [{ port: 80, targetPort: 8080 }, { port: 443, $patch: "delete" }],
      selector: { $patch: "replace", app: "b" },
    },
  });
  assert.deepEqual(patched, {
    metadata: { finalizers: ["a", "b"], labels: { x: "1" } },
    spec: { ports: [{ port: 80, name: "http", targetPort: 8080 }], selector: { app: "b" } },
  });
  assert.deepEqual(
    strategicMergePatch(target, { "$deleteFromPrimitiveList/finalizers": ["a"] }, "metadata"),
    { ...target, metadata: target.metadata },
  );
  const m = strategicMergePatch({ finalizers: ["a", "b"] }, {
    "$deleteFromPrimitiveList/finalizers": ["a"],
  }, "metadata");
  assert.deepEqual(m, { finalizers: ["b"] });
});

Deno.test("PATCH-1: strategic merge patch on a custom resource is 415 with the exact body", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.gw(), gateway("g"));
    const r = await c.patch(
      paths.gw("default", "g"),
      { metadata: { labels: { a: "b" } } },
      "application/strategic-merge-patch+json; charset=utf-8",
    );
    assert.equal(r.status, 415);
    assert.equal(
      r.text,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml","reason":"UnsupportedMediaType","code":415}',
    );
  }));

Deno.test("PATCH-2, PATCH-6: merge and strategic merge patches work on ConfigMaps and Services", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("x", { a: "1", b: "2" }, { labels: { l: "v" } }));
    const m = await c.patch(paths.cm("default", "x"), {
      data: { a: null },
      metadata: { labels: { l: null } },
    });
    assert.deepEqual(m.body.data, { b: "2" });
    assert.equal(m.body.metadata.labels, undefined);
    await c.post(paths.svc(), {
      metadata: { name: "s" },
      spec: { ports: [{ name: "a", port: 80 }, { name: "b", port: 81 }] },
    });
    const s = await c.patch(
      paths.svc("default", "s"),
      { spec: { ports: [{ port: 81, targetPort: 9000 }] } },
      "application/strategic-merge-patch+json",
    );
    assert.equal(s.status, 200);
    assert.deepEqual(s.body.spec.ports.map((p: { targetPort: number }) => p.targetPort), [
      80,
      9000,
    ]);
  }));

Deno.test("PATCH-3: a resourceVersion in a merge patch is a precondition", () =>
  withServer({}, async (_s, c) => {
    const a = (await c.post(paths.cm(), configMap("x"))).body;
    await c.patch(paths.cm("default", "x"), { data: { n: "1" } });
    const stale = await c.patch(paths.cm("default", "x"), {
      metadata: { resourceVersion: a.metadata.resourceVersion },
      data: { n: "2" },
    });
    assert.equal(stale.status, 409);
    assert.match(stale.body.message, /the object has been modified/);
    const free = await c.patch(paths.cm("default", "x"), { data: { n: "3" } });
    assert.equal(free.status, 200);
  }));

Deno.test("PATCH-4: a failed JSON patch test is the generic 422", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("x", { a: "1" }));
    const r = await c.patch(
      paths.cm("default", "x"),
      [{ op: "test", path: "/data/a", value: "2" }, { op: "replace", path: "/data/a", value: "3" }],
      "application/json-patch+json",
    );
    assert.equal(r.status, 422);
    assert.equal(
      r.text,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server rejected our request due to an error in our request","reason":"Invalid","details":{},"code":422}',
    );
    const ok = await c.patch(
      paths.cm("default", "x"),
      [{ op: "test", path: "/data/a", value: "1" }, { op: "replace", path: "/data/a", value: "3" }],
      "application/json-patch+json",
    );
    assert.equal(ok.body.data.a, "3");
  }));

Deno.test("PATCH-5: a malformed JSON patch document is 400", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("x"));
    const r = await c.req("PATCH", paths.cm("default", "x"), "[{op", {
      "content-type": "application/json-patch+json",
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, "BadRequest");
  }));

Deno.test("PATCH-7: patching a missing object is 404, even for kinds that create on PUT", () =>
  withServer({}, async (_s, c) => {
    assert.equal((await c.patch(paths.svc("default", "nope"), { metadata: {} })).status, 404);
    assert.equal((await c.patch(paths.gw("default", "nope"), { metadata: {} })).status, 404);
  }));

Deno.test("PATCH-8: force on a non-apply patch is 422", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("x"));
    const r = await c.patch(`${paths.cm("default", "x")}?force=true`, { data: {} });
    assert.equal(r.status, 422);
    assert.equal(
      r.body.message,
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
  }));

Deno.test("SSA-1, SSA-2: server-side apply creates (201) then merges; fieldManager is required", () =>
  withServer({}, async (_s, c) => {
    const body = gateway("g");
    const noManager = await c.patch(paths.gw("default", "g"), body, "application/apply-patch+yaml");
    assert.equal(noManager.status, 422);
    assert.match(
      noManager.body.message,
      /fieldManager: Required value: is required for apply patch/,
    );
    const created = await c.patch(
      `${paths.gw("default", "g")}?fieldManager=me`,
      body,
      "application/apply-patch+yaml",
    );
    assert.equal(created.status, 201);
    assert.equal(created.body.metadata.managedFields[0].operation, "Apply");
    const yaml = [
      "apiVersion: gateway.networking.k8s.io/v1",
      "kind: Gateway",
      "metadata: {name: g, labels: {a: b}}",
      "spec:",
      "  gatewayClassName: l4",
      "  listeners: [{name: tcp, port: 9090, protocol: TCP}]",
    ].join("\n");
    const updated = await c.req("PATCH", `${paths.gw("default", "g")}?fieldManager=me`, yaml, {
      "content-type": "application/apply-patch+yaml",
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.spec.listeners[0].port, 9090);
    assert.equal(updated.body.metadata.labels.a, "b");
    assert.equal(updated.body.metadata.generation, 2);
  }));
