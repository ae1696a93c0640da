import assert from "node:assert/strict";
import { Cache } from "../lib/kube/cache.ts";
import type {
  ConfigMap,
  Gateway,
  GatewayClass,
  L4Route,
  ReferenceGrant,
} from "../lib/types/mod.ts";
import { classParameters, gatewayClassOf, INDEX, routeBackends, routeParents } from "./indexes.ts";
import {
  classesUsingParameters,
  gatewaysOfClass,
  onChange,
  parentsOf,
  routesAdmittedBy,
  routesUsingService,
} from "./mapping.ts";
import type { Caches } from "./snapshot.ts";

function caches(): Caches {
  const routes = new Cache<L4Route>({
    [INDEX.parent]: routeParents,
    [INDEX.backend]: routeBackends,
  });
  routes.upsert({
    metadata: { namespace: "team-b", name: "redis" },
    spec: {
      parentRefs: [{ name: "edge", namespace: "demo" }],
      rules: [{ backendRefs: [{ name: "redis", namespace: "data" }] }],
    },
  });
  routes.upsert({
    metadata: { namespace: "demo", name: "pg" },
    spec: {
      parentRefs: [{ name: "edge" }, { name: "other" }],
      rules: [{ backendRefs: [{ name: "pg" }] }],
    },
  });
  const gateways = new Cache<Gateway>({ [INDEX.gatewayClass]: gatewayClassOf });
  gateways.upsert({
    metadata: { namespace: "demo", name: "edge" },
    spec: { gatewayClassName: "kv", listeners: [] },
  });
  const classes = new Cache<GatewayClass>({ [INDEX.parameters]: classParameters });
  classes.upsert({
    metadata: { name: "kv" },
    spec: {
      controllerName: "x/y",
      parametersRef: { group: "", kind: "ConfigMap", namespace: "kube-system", name: "p" },
    },
  });
  return {
    gatewayClasses: classes,
    gateways,
    tcpRoutes: routes,
    udpRoutes: undefined,
    services: new Cache(),
    endpointSlices: new Cache(),
    namespaces: new Cache(),
    configMaps: new Cache<ConfigMap>(),
    ipamConfigMap: new Cache<ConfigMap>(),
    crds: new Cache(),
  };
}

Deno.test("a backend Service change reaches the routes using it, and through them their Gateways", () => {
  const c = caches();
  const routes = routesUsingService(c, "TCPRoute", "data/redis");
  assert.deepEqual(routes.map((r) => r.metadata.name), ["redis"]);
  assert.deepEqual(parentsOf(routes), ["demo/edge"]);
  assert.deepEqual(
    routesUsingService(c, "UDPRoute", "data/redis"),
    [],
    "a kind the cluster does not serve has none",
  );
});

Deno.test("a ReferenceGrant reaches the routes in the namespaces it admits", () => {
  const grant: ReferenceGrant = {
    metadata: { namespace: "data", name: "g" },
    spec: {
      from: [{ group: "gateway.networking.k8s.io", kind: "TCPRoute", namespace: "team-b" }],
      to: [{ group: "", kind: "Service" }],
    },
  };
  assert.deepEqual(routesAdmittedBy(caches(), "TCPRoute", grant).map((r) => r.metadata.name), [
    "redis",
  ]);
});
Deno.test("a parameters ConfigMap reaches its classes, and a class its Gateways", () => {
  const c = caches();
  assert.deepEqual(classesUsingParameters(c, "kube-system/p"), ["kv"]);
  assert.deepEqual(gatewaysOfClass(c, "kv"), ["demo/edge"]);
});

Deno.test("onChange passes both versions of an update, and skips updates the predicate rejects", () => {
  const seen: string[] = [];
  const h = onChange<{ metadata: { name: string; generation: number } }>(
    (o) => seen.push(`${o.metadata.name}@${o.metadata.generation}`),
    (a, b) => a.metadata.generation !== b.metadata.generation,
  );
  h.onUpdate!({ metadata: { name: "a", generation: 1 } }, {
    metadata: { name: "a", generation: 1 },
  });
  h.onUpdate!({ metadata: { name: "a", generation: 1 } }, {
    metadata: { name: "b", generation: 2 },
  });
  h.onDelete!({ metadata: { name: "c", generation: 3 } });
  assert.deepEqual(seen, ["a@1", "b@2", "c@3"]);
});
