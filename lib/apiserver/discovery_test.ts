import assert from "node:assert/strict";
import { paths, withServer } from "./testing.ts";

Deno.test("DISC-1: /version reports a 1.32 server", () =>
  withServer({}, async (_s, c) => {
    const r = await c.get("/version?timeout=5s");
    assert.equal(r.status, 200);
    assert.equal(r.body.major, "1");
    assert.equal(r.body.minor, "32");
    assert.match(r.body.gitVersion, /^v1\.32\./);
  }));

Deno.test("DISC-2, §0.2: /api answers legacy JSON with a non-null serverAddressByClientCIDRs", () =>
  withServer({}, async (s, c) => {
    const r = await c.get("/api", {
      accept:
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), "application/json");
    assert.deepEqual(r.body.versions, ["v1"]);
    assert.deepEqual(r.body.serverAddressByClientCIDRs, [{
      clientCIDR: "0.0.0.0/0",
      serverAddress: new URL(s.url).host,
    }]);
  }));

Deno.test("DISC-3: /api/v1 lists core resources with every required APIResource field", () =>
  withServer({}, async (_s, c) => {
    const r = await c.get("/api/v1");
    assert.equal(r.body.kind, "APIResourceList");
    assert.equal(r.body.groupVersion, "v1");
    const byName = new Map(r.body.resources.map((x: { name: string }) => [x.name, x]));
    for (const name of ["namespaces", "services", "configmaps", "secrets", "events"]) {
      const res = byName.get(name) as Record<string, unknown>;
      for (const f of ["name", "singularName", "namespaced", "kind", "verbs"]) {
        assert.ok(f in res, `${name} has ${f}`);
      }
    }
    assert.deepEqual((byName.get("services") as { shortNames: string[] }).shortNames, ["svc"]);
    assert.deepEqual((byName.get("services") as { categories: string[] }).categories, ["all"]);
    assert.equal((byName.get("namespaces") as { namespaced: boolean }).namespaced, false);
    assert.deepEqual(
      (byName.get("services/status") as { verbs: string[] }).verbs,
      ["get", "patch", "update"],
    );
    assert.equal((byName.get("services/status") as { singularName: string }).singularName, "");
  }));

Deno.test("DISC-4: /apis lists Gateway API versions kube-aware sorted with v1 preferred", () =>
  withServer({ bundle: "experimental" }, async (_s, c) => {
    const r = await c.get("/apis");
    assert.equal(r.body.kind, "APIGroupList");
    const gw = r.body.groups.find((g: { name: string }) => g.name === "gateway.networking.k8s.io");
    assert.deepEqual(gw.versions.map((v: { version: string }) => v.version), [
      "v1",
      "v1beta1",
      "v1alpha2",
    ]);
    assert.deepEqual(gw.preferredVersion, {
      groupVersion: "gateway.networking.k8s.io/v1",
      version: "v1",
    });
    for (const g of ["discovery.k8s.io", "coordination.k8s.io", "events.k8s.io"]) {
      assert.ok(r.body.groups.some((x: { name: string }) => x.name === g), g);
    }
  }));

Deno.test("DISC-5: Gateway API resources carry short names, categories and CR verbs", () =>
  withServer({}, async (_s, c) => {
    const r = await c.get("/apis/gateway.networking.k8s.io/v1");
    assert.equal(r.body.apiVersion, "v1");
    assert.equal(r.body.groupVersion, "gateway.networking.k8s.io/v1");
    const gw = r.body.resources.find((x: { name: string }) => x.name === "gateways");
    assert.deepEqual(gw.shortNames, ["gtw"]);
    assert.deepEqual(gw.categories, ["gateway-api"]);
    assert.deepEqual(gw.verbs, [
      "delete",
      "deletecollection",
      "get",
      "list",
      "patch",
      "create",
      "update",
      "watch",
    ]);
    const names = r.body.resources.map((x: { name: string }) => x.name);
    assert.ok(names.includes("tcproutes") && names.includes("udproutes"));
    assert.ok(names.includes("referencegrants") && !names.includes("referencegrants/status"));
    assert.equal((await c.get("/apis/gateway.networking.k8s.io/v1alpha2")).status, 404);
    assert.equal((await c.get("/apis/nope.example.com/v1")).status, 404);
  }));

Deno.test("DISC-5: the experimental bundle also serves TCPRoute and UDPRoute at v1alpha2", () =>
  withServer({ bundle: "experimental" }, async (_s, c) => {
    const r = await c.get("/apis/gateway.networking.k8s.io/v1alpha2");
    const names = r.body.resources.map((x: { name: string }) => x.name).sort();
    assert.deepEqual(names, ["tcproutes", "tcproutes/status", "udproutes", "udproutes/status"]);
  }));

Deno.test("DISC-6: /apis/<group> describes the group", () =>
  withServer({}, async (_s, c) => {
    const r = await c.get("/apis/gateway.networking.k8s.io");
    assert.equal(r.body.kind, "APIGroup");
    assert.equal(r.body.preferredVersion.version, "v1");
  }));

Deno.test("unknown paths answer 404 page not found, unknown resources a NotFound Status", () =>
  withServer({}, async (_s, c) => {
    const r = await c.get("/apis/nope.example.com/v1/things");
    assert.equal(r.status, 404);
    const r2 = await c.get("/api/v1/widgets");
    assert.equal(r2.status, 404);
    assert.equal(r2.body.reason, "NotFound");
    assert.equal((await c.get(paths.ns("default"))).status, 200);
  }));
