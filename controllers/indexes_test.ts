import assert from "node:assert/strict";
import {
  classParameters,
  grantFromNamespaces,
  ownerGateway,
  routeBackends,
  routeParents,
  sliceService,
} from "./indexes.ts";
import type { L4Route } from "../lib/types/mod.ts";
import { ownershipLabels } from "../lib/ownership.ts";

const route: L4Route = {
  metadata: { namespace: "team-b", name: "r" },
  spec: {
    parentRefs: [
      { name: "edge", namespace: "demo", sectionName: "a" },
      { name: "edge", namespace: "demo", sectionName: "b" },
      { name: "local" },
      { name: "mesh", group: "example.com", kind: "Mesh" },
    ],
    rules: [
      {
        backendRefs: [{ name: "redis", namespace: "data", port: 6379 }, { name: "cache", port: 1 }],
      },
      { backendRefs: [{ name: "bucket", group: "storage.example.com", kind: "Bucket" }] },
    ],
  },
};

Deno.test("a route is indexed under each Gateway it names once, in the route's namespace by default", () => {
  assert.deepEqual(routeParents(route), ["demo/edge", "team-b/local"]);
});

Deno.test("a route is indexed under each Service backend, and never under other kinds", () => {
  assert.deepEqual(routeBackends(route), ["data/redis", "team-b/cache"]);
});

Deno.test("a class is indexed under its parameters ConfigMap only when the reference is a namespaced ConfigMap", () => {
  const cls = (parametersRef: unknown) =>
    ({ metadata: { name: "c" }, spec: { controllerName: "x/y", parametersRef } }) as never;
  assert.deepEqual(
    classParameters(cls({ group: "", kind: "ConfigMap", name: "p", namespace: "ns" })),
    ["ns/p"],
  );
  assert.deepEqual(classParameters(cls({ group: "", kind: "ConfigMap", name: "p" })), []);
  assert.deepEqual(
    classParameters(cls({ group: "example.com", kind: "Params", name: "p", namespace: "ns" })),
    [],
  );
});

Deno.test("objects we made are indexed under their Gateway; a user's Service is not", () => {
  const byOwner = ownerGateway("kube-vip.io/controller");
  const labels = ownershipLabels(
    { namespace: "demo", name: "edge", className: "kube-vip" },
    "kube-vip.io/controller",
  );
  const ours = { metadata: { namespace: "demo", name: "edge-kube-vip", labels } };
  assert.deepEqual(byOwner(ours), ["demo/edge"]);
  assert.deepEqual(
    ownerGateway("other.io/controller")(ours),
    [],
    "another controller's objects are not ours",
  );
  assert.deepEqual(byOwner({ metadata: { namespace: "demo", name: "postgres" } }), []);
});

Deno.test("slices by Service and grants by the namespaces they admit", () => {
  assert.deepEqual(
    sliceService({
      metadata: { namespace: "data", name: "x", labels: { "kubernetes.io/service-name": "redis" } },
      addressType: "IPv4",
    }),
    ["data/redis"],
  );
  assert.deepEqual(
    grantFromNamespaces({
      metadata: { namespace: "data", name: "g" },
      spec: {
        from: [{ group: "gateway.networking.k8s.io", kind: "TCPRoute", namespace: "team-b" }, {
          group: "gateway.networking.k8s.io",
          kind: "UDPRoute",
          namespace: "team-b",
        }],
        to: [{ group: "", kind: "Service" }],
      },
    }),
    ["team-b"],
  );
});
