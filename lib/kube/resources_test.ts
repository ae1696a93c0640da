import assert from "node:assert/strict";
import {
  apiVersionOf,
  CONFIGMAPS,
  discoverGatewayVersions,
  GATEWAY_CLASSES,
  GATEWAYS,
  resourceName,
  resourcePath,
} from "./resources.ts";

Deno.test("paths are built for core, grouped, namespaced and cluster-scoped types", () => {
  assert.equal(
    resourcePath(CONFIGMAPS, "kube-system", "kubevip"),
    "/api/v1/namespaces/kube-system/configmaps/kubevip",
  );
  assert.equal(resourcePath(CONFIGMAPS), "/api/v1/configmaps");
  assert.equal(
    resourcePath(GATEWAYS, "team-a", "gw", "status"),
    "/apis/gateway.networking.k8s.io/v1/namespaces/team-a/gateways/gw/status",
  );
  assert.equal(
    resourcePath(GATEWAY_CLASSES, undefined, "kube-vip"),
    "/apis/gateway.networking.k8s.io/v1/gatewayclasses/kube-vip",
  );
  assert.equal(apiVersionOf(GATEWAYS), "gateway.networking.k8s.io/v1");
  assert.equal(apiVersionOf(CONFIGMAPS), "v1");
  assert.equal(resourceName(GATEWAYS), "gateways.gateway.networking.k8s.io");
  assert.throws(() => resourcePath(GATEWAYS, "", "gw"), /Gateway "gw": it is namespaced/);
});

Deno.test("discovery prefers v1 and falls back to v1alpha2 routes and v1beta1 grants", async () => {
  const served = (docs: Record<string, string[]>) => (path: string) =>
    Promise.resolve(
      docs[path.split("/").at(-1)!]
        ? { resources: docs[path.split("/").at(-1)!]!.map((name) => ({ name })) }
        : undefined,
    );
  const standard = await discoverGatewayVersions(served({
    v1: ["gateways", "gatewayclasses", "tcproutes", "udproutes", "referencegrants"],
    v1beta1: ["referencegrants"],
  }));
  assert.equal(standard.tcpRoutes?.version, "v1");
  assert.equal(standard.udpRoutes?.version, "v1");
  assert.equal(standard.referenceGrants?.version, "v1");
  assert.equal(standard.gatewaysServed, true);
  const older = await discoverGatewayVersions(served({
    v1: ["gateways", "gatewayclasses"],
    v1beta1: ["referencegrants"],
    v1alpha2: ["tcproutes", "udproutes"],
  }));
  assert.equal(older.tcpRoutes?.version, "v1alpha2");
  assert.equal(older.referenceGrants?.version, "v1beta1");
  const none = await discoverGatewayVersions(served({}));
  assert.equal(none.tcpRoutes, undefined);
  assert.equal(none.gatewaysServed, false);
});
