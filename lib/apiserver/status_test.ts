import assert from "node:assert/strict";
import { configMap, gateway, paths, withServer } from "./testing.ts";

const conditions = [{
  type: "Programmed",
  status: "True",
  reason: "Programmed",
  message: "ok",
  lastTransitionTime: "2025-01-02T03:04:05Z",
  observedGeneration: 1,
}];

Deno.test("§0.10, STS-2: a new Gateway shows the CRD's Pending conditions, whatever status was sent", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.gw(), gateway("g", { status: { conditions } }));
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.status.conditions.map((x: { type: string }) => x.type), [
      "Accepted",
      "Programmed",
    ]);
    for (const cond of r.body.status.conditions) {
      assert.equal(cond.status, "Unknown");
      assert.equal(cond.reason, "Pending");
      assert.equal(cond.message, "Waiting for controller");
      assert.equal(cond.lastTransitionTime, "1970-01-01T00:00:00Z");
    }
    const gc = await c.post(paths.gc(), {
      metadata: { name: "l4" },
      spec: { controllerName: "kube-vip.io/controller" },
    });
    assert.deepEqual(gc.body.status.conditions.map((x: { type: string }) => x.type), ["Accepted"]);
  }));

Deno.test("§12: listener allowedRoutes and route parentRef/backendRef group, kind and weight are defaulted", () =>
  withServer({}, async (_s, c) => {
    const g = await c.post(paths.gw(), gateway("g"));
    assert.deepEqual(g.body.spec.listeners[0].allowedRoutes, { namespaces: { from: "Same" } });
    const route = await c.post("/apis/gateway.networking.k8s.io/v1/namespaces/default/tcproutes", {
      metadata: { name: "r" },
      spec: { parentRefs: [{ name: "g" }], rules: [{ backendRefs: [{ name: "svc", port: 80 }] }] },
    });
    assert.equal(route.status, 201);
    assert.deepEqual(route.body.spec.parentRefs[0], {
      name: "g",
      group: "gateway.networking.k8s.io",
      kind: "Gateway",
    });
    assert.deepEqual(route.body.spec.rules[0].backendRefs[0], {
      name: "svc",
      port: 80,
      group: "",
      kind: "Service",
      weight: 1,
    });
    assert.equal(route.body.status, undefined);
  }));

Deno.test("STS-1: status sent to the main resource of a CR is silently kept from storage", () =>
  withServer({}, async (_s, c) => {
    const g = (await c.post(paths.gw(), gateway("g"))).body;
    const r = await c.put(paths.gw("default", "g"), { ...g, status: { conditions } });
    assert.equal(r.status, 200);
    assert.equal(r.body.status.conditions[0].reason, "Pending");
  }));

Deno.test("STS-3: a CR status write keeps spec and metadata from storage and does not bump generation", () =>
  withServer({}, async (_s, c) => {
    const g = (await c.post(paths.gw(), gateway("g"))).body;
    const body = {
      ...g,
      metadata: { ...g.metadata, labels: { sneaky: "yes" } },
      spec: { ...g.spec, gatewayClassName: "other" },
      status: { conditions },
    };
    const r = await c.put(paths.gw("default", "g") + "/status", body);
    assert.equal(r.status, 200);
    assert.equal(r.body.status.conditions[0].type, "Programmed");
    assert.equal(r.body.spec.gatewayClassName, "l4");
    assert.equal(r.body.metadata.labels, undefined);
    assert.equal(r.body.metadata.generation, 1);
    const stale = await c.put(paths.gw("default", "g") + "/status", body);
    assert.equal(stale.status, 409);
  }));

Deno.test("STS-4: a Service status write keeps spec but applies metadata; the main PUT keeps status", () =>
  withServer({}, async (_s, c) => {
    const s = (await c.post(paths.svc(), {
      metadata: { name: "s" },
      spec: { type: "LoadBalancer", ports: [{ port: 80 }] },
    })).body;
    const r = await c.put(paths.svc("default", "s") + "/status", {
      ...s,
      metadata: { ...s.metadata, labels: { a: "b" } },
      spec: { ...s.spec, type: "ClusterIP" },
      status: { loadBalancer: { ingress: [{ ip: "192.0.2.10" }] } },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.spec.type, "LoadBalancer");
    assert.equal(r.body.metadata.labels.a, "b");
    assert.equal(r.body.status.loadBalancer.ingress[0].ip, "192.0.2.10");
    const main = await c.put(paths.svc("default", "s"), { ...r.body, status: {} });
    assert.equal(main.body.status.loadBalancer.ingress[0].ip, "192.0.2.10");
  }));

Deno.test("STS-5: ReferenceGrant and ConfigMap have no status subresource (404)", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("x"));
    assert.equal((await c.get(paths.cm("default", "x") + "/status")).status, 404);
    const rg = "/apis/gateway.networking.k8s.io/v1beta1/namespaces/default/referencegrants";
    await c.post(rg, {
      metadata: { name: "g" },
      spec: {
        from: [{ group: "gateway.networking.k8s.io", kind: "TCPRoute", namespace: "a" }],
        to: [{ group: "", kind: "Service" }],
      },
    });
    assert.equal((await c.get(`${rg}/g/status`)).status, 404);
  }));

Deno.test("§2.1: CR generation starts at 1 and moves only with spec changes", () =>
  withServer({}, async (_s, c) => {
    let g = (await c.post(paths.gw(), gateway("g"))).body;
    assert.equal(g.metadata.generation, 1);
    g = (await c.patch(paths.gw("default", "g"), { metadata: { labels: { a: "b" } } })).body;
    assert.equal(g.metadata.generation, 1);
    g = (await c.patch(paths.gw("default", "g"), { metadata: { finalizers: ["x/y"] } })).body;
    assert.equal(g.metadata.generation, 1);
    g = (await c.patch(paths.gw("default", "g"), { spec: { gatewayClassName: "b" } })).body;
    assert.equal(g.metadata.generation, 2);
    g = (await c.patch(paths.gw("default", "g") + "/status", { status: { conditions } })).body;
    assert.equal(g.metadata.generation, 2);
  }));

Deno.test("§2.1: ReferenceGrant (no status subresource) bumps generation on any non-metadata change", () =>
  withServer({}, async (_s, c) => {
    const rg = "/apis/gateway.networking.k8s.io/v1/namespaces/default/referencegrants";
    const spec = {
      from: [{ group: "gateway.networking.k8s.io", kind: "TCPRoute", namespace: "a" }],
      to: [{ group: "", kind: "Service" }],
    };
    await c.post(rg, { metadata: { name: "g" }, spec });
    const r = await c.patch(`${rg}/g`, {
      spec: { to: [{ group: "", kind: "Service", name: "s" }] },
    });
    assert.equal(r.body.metadata.generation, 2);
  }));

Deno.test("§2.1: EndpointSlice generation follows its content; ConfigMaps and Services have none", () =>
  withServer({}, async (_s, c) => {
    const eps = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices";
    const e = await c.post(eps, { metadata: { name: "e" }, addressType: "IPv4", endpoints: [] });
    assert.equal(e.body.metadata.generation, 1);
    const e2 = await c.patch(`${eps}/e`, { endpoints: [{ addresses: ["10.0.0.1"] }] });
    assert.equal(e2.body.metadata.generation, 2);
    const cm = await c.post(paths.cm(), configMap("x"));
    assert.equal(cm.body.metadata.generation, undefined);
  }));

Deno.test("§0.8: a no-op write keeps the resourceVersion and emits no watch event", () =>
  withServer({}, async (_s, c) => {
    const a = (await c.post(paths.cm(), configMap("x", { k: "v" }))).body;
    const w = await c.watch(`${paths.cm()}?resourceVersion=${a.metadata.resourceVersion}`);
    const same = await c.put(paths.cm("default", "x"), a);
    assert.equal(same.status, 200);
    assert.equal(same.body.metadata.resourceVersion, a.metadata.resourceVersion);
    const patched = await c.patch(paths.cm("default", "x"), { data: { k: "v" } });
    assert.equal(patched.body.metadata.resourceVersion, a.metadata.resourceVersion);
    const g = (await c.post(paths.gw(), gateway("g"))).body;
    const st = await c.put(paths.gw("default", "g") + "/status", g);
    assert.equal(st.body.metadata.resourceVersion, g.metadata.resourceVersion);
    // A real change afterwards is the first event the watch sees.
    await c.patch(paths.cm("default", "x"), { data: { k: "w" } });
    const ev = await w.next();
    assert.equal(ev.type, "MODIFIED");
    assert.equal(ev.object.data.k, "w");
    await w.close();
  }));

Deno.test("§12: unknown CR fields are rejected with fieldValidation=Strict and dropped otherwise", () =>
  withServer({}, async (_s, c) => {
    const strict = await c.post(
      `${paths.gw()}?fieldValidation=Strict`,
      gateway("a", {
        spec: {
          gatewayClassName: "l4",
          listeners: [{ name: "t", port: 1, protocol: "TCP" }],
          foo: 1,
        },
      }),
    );
    assert.equal(strict.status, 400);
    assert.equal(
      strict.body.message,
      'Gateway in version "v1" cannot be handled as a Gateway: strict decoding error: unknown field "spec.foo"',
    );
    const warn = await c.post(
      paths.gw(),
      gateway("b", {
        spec: {
          gatewayClassName: "l4",
          listeners: [{ name: "t", port: 1, protocol: "TCP" }],
          foo: 1,
        },
      }),
    );
    assert.equal(warn.status, 201);
    assert.equal(warn.body.spec.foo, undefined);
    assert.match(warn.headers.get("warning") ?? "", /unknown field \\"spec\.foo\\"/);
  }));

Deno.test("§7, §12: schema violations are 422 with kube-openapi wording and one cause each", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(
      paths.gw(),
      gateway("gw", {
        spec: { gatewayClassName: "l4", listeners: [{ name: "t", port: 0, protocol: "TCP" }] },
      }),
    );
    assert.equal(r.status, 422);
    assert.equal(
      r.body.message,
      'Gateway.gateway.networking.k8s.io "gw" is invalid: spec.listeners[0].port: Invalid value: 0: spec.listeners[0].port in body should be greater than or equal to 1',
    );
    assert.deepEqual(r.body.details, {
      name: "gw",
      group: "gateway.networking.k8s.io",
      kind: "Gateway",
      causes: [{
        reason: "FieldValueInvalid",
        message:
          "Invalid value: 0: spec.listeners[0].port in body should be greater than or equal to 1",
        field: "spec.listeners[0].port",
      }],
    });
    const missing = await c.post(paths.gw(), { metadata: { name: "m" }, spec: { listeners: [] } });
    assert.equal(missing.status, 422);
    assert.match(missing.body.message, /spec\.gatewayClassName: Required value/);
  }));

Deno.test("Gateway API CEL rules a controller can trip are enforced with the CRDs' messages", () =>
  withServer({}, async (_s, c) => {
    const hostOnTcp = await c.post(
      paths.gw(),
      gateway("a", {
        spec: {
          gatewayClassName: "l4",
          listeners: [{ name: "t", port: 1, protocol: "TCP", hostname: "x.example.com" }],
        },
      }),
    );
    assert.equal(hostOnTcp.status, 422);
    assert.match(
      hostOnTcp.body.message,
      /hostname must not be specified for protocols \['TCP', 'UDP'\]/,
    );
    const dup = await c.post(
      paths.gw(),
      gateway("b", {
        spec: {
          gatewayClassName: "l4",
          listeners: [{ name: "t", port: 1, protocol: "TCP" }, {
            name: "u",
            port: 1,
            protocol: "TCP",
          }],
        },
      }),
    );
    assert.match(dup.body.message, /Combination of port, protocol and hostname must be unique/);
    const noPort = await c.post("/apis/gateway.networking.k8s.io/v1/namespaces/default/udproutes", {
      metadata: { name: "r" },
      spec: { rules: [{ backendRefs: [{ name: "svc" }] }] },
    });
    assert.equal(noPort.status, 422);
    assert.match(noPort.body.message, /Must have port for Service reference/);
    const twoRules = await c.post(
      "/apis/gateway.networking.k8s.io/v1/namespaces/default/tcproutes",
      {
        metadata: { name: "r2" },
        spec: {
          rules: [{ backendRefs: [{ name: "a", port: 1 }] }, {
            backendRefs: [{ name: "b", port: 1 }],
          }],
        },
      },
    );
    assert.equal(twoRules.status, 422);
    assert.match(twoRules.body.message, /Too many: 2: must have at most 1 items/);
    const gc = await c.post(paths.gc(), {
      metadata: { name: "c" },
      spec: { controllerName: "a.io/x" },
    });
    const changed = await c.patch(paths.gc("c"), { spec: { controllerName: "b.io/y" } });
    assert.equal(changed.status, 422);
    assert.match(
      changed.body.message,
      /spec\.controllerName: Invalid value: "string": Value is immutable/,
    );
    assert.equal(gc.status, 201);
  }));
