import assert from "node:assert/strict";
import { configMap, gateway, paths, withServer } from "./testing.ts";

Deno.test("CRUD-1: create fills uid, resourceVersion, creationTimestamp, namespace and managedFields", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.cm(), configMap("a", { k: "v" }));
    assert.equal(r.status, 201);
    const m = r.body.metadata;
    assert.match(m.uid, /^[0-9a-f-]{36}$/);
    assert.match(m.resourceVersion, /^\d+$/);
    assert.match(m.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(m.namespace, "default");
    assert.equal(m.managedFields.length, 1);
    assert.equal(m.managedFields[0].operation, "Update");
    const r2 = await c.post(paths.cm(), configMap("b"));
    assert.ok(Number(r2.body.metadata.resourceVersion) > Number(m.resourceVersion));
    const gw = await c.post(paths.gw(), gateway("g"));
    assert.ok(Number(gw.body.metadata.resourceVersion) > Number(r2.body.metadata.resourceVersion));
  }));

Deno.test("CRUD-1: the field manager comes from fieldManager, else the User-Agent prefix", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(`${paths.cm()}?fieldManager=mine`, configMap("a"));
    assert.equal(r.body.metadata.managedFields[0].manager, "mine");
    const res = await fetch(c.base + paths.cm(), {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "l4gw/0.1 (linux)" },
      body: JSON.stringify(configMap("b")),
    });
    assert.equal((await res.json()).metadata.managedFields[0].manager, "l4gw");
  }));

Deno.test("CRUD-2: a body namespace different from the URL's is 400", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.cm(), configMap("a", {}, { namespace: "kube-system" }));
    assert.equal(r.status, 400);
    assert.equal(r.body.reason, "BadRequest");
    assert.equal(
      r.body.message,
      "the namespace of the provided object does not match the namespace sent on the request",
    );
  }));

Deno.test("CRUD-3: a cluster-scoped create silently drops metadata.namespace", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.ns(), { metadata: { name: "x", namespace: "default" } });
    assert.equal(r.status, 201);
    assert.equal(r.body.metadata.namespace, undefined);
  }));

Deno.test("CRUD-4: generateName makes a name from the prefix and five safe characters", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.cm(), { metadata: { generateName: "gw-" } });
    assert.equal(r.status, 201);
    assert.match(r.body.metadata.name, /^gw-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(r.body.metadata.generateName, "gw-");
  }));

Deno.test("CRUD-5: neither name nor generateName is 422 with the exact message", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.cm(), { metadata: {} });
    assert.equal(r.status, 422);
    assert.equal(
      r.body.message,
      'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  }));

Deno.test("CRUD-6: creating an existing name is 409 AlreadyExists with the exact body", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("x"));
    const r = await c.post(paths.cm(), configMap("x"));
    assert.equal(r.status, 409);
    assert.equal(
      r.text,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"x\\" already exists","reason":"AlreadyExists","details":{"name":"x","kind":"configmaps"},"code":409}',
    );
  }));

Deno.test("CRUD-7: creating in a missing namespace is 404 for the namespace", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.cm("nope"), configMap("x"));
    assert.equal(r.status, 404);
    assert.equal(r.body.message, 'namespaces "nope" not found');
    assert.deepEqual(r.body.details, { name: "nope", kind: "namespaces" });
  }));

Deno.test("CRUD-9: a missing object is 404 with resource and group in the message and details", () =>
  withServer({}, async (_s, c) => {
    const r = await c.get(paths.cm("default", "missing"));
    assert.equal(
      r.text,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"missing\\" not found","reason":"NotFound","details":{"name":"missing","kind":"configmaps"},"code":404}',
    );
    const g = await c.get(paths.gw("default", "missing"));
    assert.equal(g.body.message, 'gateways.gateway.networking.k8s.io "missing" not found');
    assert.deepEqual(g.body.details, {
      name: "missing",
      group: "gateway.networking.k8s.io",
      kind: "gateways",
    });
  }));

Deno.test("CRUD-10: a stale resourceVersion gets 409 Conflict", () =>
  withServer({}, async (_s, c) => {
    const a = (await c.post(paths.cm(), configMap("x"))).body;
    await c.put(paths.cm("default", "x"), { ...a, data: { n: "1" } });
    const r = await c.put(paths.cm("default", "x"), { ...a, data: { n: "2" } });
    assert.equal(r.status, 409);
    assert.equal(
      r.body.message,
      'Operation cannot be fulfilled on configmaps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
    const g = (await c.post(paths.gw(), gateway("g"))).body;
    await c.put(paths.gw("default", "g"), {
      ...g,
      metadata: { ...g.metadata, labels: { a: "b" } },
    });
    const r2 = await c.put(paths.gw("default", "g"), g);
    assert.equal(r2.status, 409);
    assert.match(
      r2.body.message,
      /^Operation cannot be fulfilled on gateways\.gateway\.networking\.k8s\.io "g"/,
    );
    assert.equal(r2.body.details.group, "gateway.networking.k8s.io");
  }));

Deno.test("CRUD-11: a core ConfigMap accepts an update without resourceVersion", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("x"));
    const r = await c.put(paths.cm("default", "x"), configMap("x", { a: "1" }));
    assert.equal(r.status, 200);
    assert.equal(r.body.data.a, "1");
  }));

Deno.test("CRUD-12: CRs, CRDs and Leases refuse an update without resourceVersion (422)", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.gw(), gateway("g"));
    const r = await c.put(paths.gw("default", "g"), gateway("g"));
    assert.equal(r.status, 422);
    assert.equal(
      r.body.message,
      'gateways.gateway.networking.k8s.io "g" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
    assert.deepEqual(r.body.details.causes, [{
      reason: "FieldValueInvalid",
      message: "Invalid value: 0x0: must be specified for an update",
      field: "metadata.resourceVersion",
    }]);
    assert.equal(r.body.details.kind, "gateways");
    const lease = { metadata: { name: "l" }, spec: { holderIdentity: "a" } };
    await c.post(paths.lease(), lease);
    assert.equal((await c.put(paths.lease("default", "l"), lease)).status, 422);
  }));

Deno.test("CRUD-13: a body name different from the URL's is 400", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("x"));
    const r = await c.put(paths.cm("default", "x"), configMap("y"));
    assert.equal(r.status, 400);
    assert.equal(
      r.body.message,
      "the name of the object (y) does not match the name on the URL (x)",
    );
  }));

Deno.test("CRUD-14: PUT creates Services and Leases, but not ConfigMaps or CRs", () =>
  withServer({}, async (_s, c) => {
    assert.equal((await c.put(paths.cm("default", "x"), configMap("x"))).status, 404);
    assert.equal((await c.put(paths.gw("default", "g"), gateway("g"))).status, 404);
    const svc = { metadata: { name: "s" }, spec: { ports: [{ port: 80 }] } };
    assert.equal((await c.put(paths.svc("default", "s"), svc)).status, 201);
    const lease = { metadata: { name: "l" }, spec: { holderIdentity: "a" } };
    assert.equal((await c.put(paths.lease("default", "l"), lease)).status, 201);
  }));

Deno.test("CRUD-15: changing metadata.uid in a PUT is a precondition conflict", () =>
  withServer({}, async (_s, c) => {
    const a = (await c.post(paths.cm(), configMap("x"))).body;
    const r = await c.put(paths.cm("default", "x"), {
      ...a,
      metadata: { ...a.metadata, uid: "00000000-0000-0000-0000-000000000000" },
    });
    assert.equal(r.status, 409);
    assert.match(r.body.message, /Precondition failed: UID in precondition: 0{8}-/);
  }));

Deno.test("CRUD-16, DEL-6: server-owned metadata in a PUT body is restored, not an error", () =>
  withServer({}, async (_s, c) => {
    const a = (await c.post(paths.gw(), gateway("g"))).body;
    const r = await c.put(paths.gw("default", "g"), {
      ...a,
      metadata: {
        ...a.metadata,
        creationTimestamp: "2000-01-01T00:00:00Z",
        generation: 7,
        deletionTimestamp: "2000-01-01T00:00:00Z",
        labels: { changed: "yes" },
      },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.metadata.creationTimestamp, a.metadata.creationTimestamp);
    assert.equal(r.body.metadata.generation, 1);
    assert.equal(r.body.metadata.deletionTimestamp, undefined);
    assert.equal(r.body.metadata.labels.changed, "yes");
  }));

Deno.test("CRUD-17: Service names must be DNS-1035 labels", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.svc(), {
      metadata: { name: "1-tcp" },
      spec: { ports: [{ port: 1 }] },
    });
    assert.equal(r.status, 422);
    assert.equal(
      r.body.message,
      `Service "1-tcp" is invalid: metadata.name: Invalid value: "1-tcp": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
    assert.equal((await c.post(paths.cm(), configMap("1-tcp"))).status, 201);
    assert.equal((await c.post(paths.cm(), configMap("Upper"))).status, 422);
    assert.equal((await c.post(paths.ns(), { metadata: { name: "a.b" } })).status, 422);
  }));

Deno.test("CRUD-18: label syntax and annotation size are validated", () =>
  withServer({}, async (_s, c) => {
    const bad = await c.post(paths.cm(), configMap("a", {}, { labels: { "bad key!": "v" } }));
    assert.equal(bad.status, 422);
    assert.match(bad.body.message, /metadata\.labels: Invalid value: "bad key!"/);
    const badValue = await c.post(paths.cm(), configMap("b", {}, { labels: { k: "-x" } }));
    assert.equal(badValue.status, 422);
    const big = await c.post(
      paths.cm(),
      configMap("c", {}, { annotations: { a: "x".repeat(262145) } }),
    );
    assert.equal(big.status, 422);
    assert.match(
      big.body.message,
      /metadata\.annotations: Too long: must have at most 262144 bytes/,
    );
    const ok = await c.post(
      paths.cm(),
      configMap("d", {}, { labels: { "example.com/a_b.c": "" } }),
    );
    assert.equal(ok.status, 201);
  }));

Deno.test("CRUD-19: built-in list items carry no kind/apiVersion, CR list items do", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("a"));
    await c.post(paths.gw(), gateway("g"));
    const cms = await c.get(paths.cm());
    assert.equal(cms.body.kind, "ConfigMapList");
    assert.equal(cms.body.items[0].kind, undefined);
    const gws = await c.get(paths.gw());
    assert.equal(gws.body.items[0].kind, "Gateway");
    assert.equal(gws.body.items[0].apiVersion, "gateway.networking.k8s.io/v1");
  }));

Deno.test("a Gateway written at v1 reads back at v1beta1 with that apiVersion", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.gw(), gateway("g"));
    const r = await c.get(paths.gw("default", "g", "v1beta1"));
    assert.equal(r.status, 200);
    assert.equal(r.body.apiVersion, "gateway.networking.k8s.io/v1beta1");
  }));

Deno.test("malformed JSON bodies are 400 BadRequest naming the kind", () =>
  withServer({}, async (_s, c) => {
    const r = await c.req("POST", paths.cm(), "{not json", { "content-type": "application/json" });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /^ConfigMap in version "v1" cannot be handled as a ConfigMap/);
  }));
