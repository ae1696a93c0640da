import assert from "node:assert/strict";
import { parseResourcePath, queryBool } from "./request_info.ts";

Deno.test("resource paths: core, group, cluster-scoped, subresource and legacy watch", () => {
  assert.deepEqual(parseResourcePath("/api/v1/namespaces/default/configmaps/a"), {
    group: "",
    version: "v1",
    namespace: "default",
    resource: "configmaps",
    name: "a",
    subresource: "",
    legacyWatch: false,
  });
  assert.deepEqual(parseResourcePath("/api/v1/namespaces/x"), {
    group: "",
    version: "v1",
    namespace: "",
    resource: "namespaces",
    name: "x",
    subresource: "",
    legacyWatch: false,
  });
  assert.equal(parseResourcePath("/api/v1/namespaces/x/status")?.subresource, "status");
  assert.equal(parseResourcePath("/api/v1/namespaces/x/finalize")?.name, "x");
  assert.equal(parseResourcePath("/api/v1/namespaces/x/configmaps")?.namespace, "x");
  const gw = parseResourcePath(
    "/apis/gateway.networking.k8s.io/v1/namespaces/default/gateways/gw/status",
  );
  assert.equal(gw?.subresource, "status");
  assert.equal(parseResourcePath("/api/v1/watch/namespaces/d/configmaps")?.legacyWatch, true);
  assert.equal(parseResourcePath("/apis/g.io/v1/things")?.resource, "things");
  assert.equal(parseResourcePath("/healthz"), undefined);
});

Deno.test("§0.6: boolean query parameters are true unless absent, 0 or false", () => {
  const q = new URLSearchParams("a=True&b=0&c=false&d=&e=FALSE&f=1");
  assert.equal(queryBool(q, "a"), true);
  assert.equal(queryBool(q, "b"), false);
  assert.equal(queryBool(q, "c"), false);
  assert.equal(queryBool(q, "d"), true);
  assert.equal(queryBool(q, "e"), false);
  assert.equal(queryBool(q, "f"), true);
  assert.equal(queryBool(q, "z"), undefined);
});
