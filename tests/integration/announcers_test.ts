/**
 * End to end: announcer profiles and external IPAM (the announcer allocates).
 */
import assert from "node:assert/strict";
import type { Gateway, Service } from "../../lib/types/mod.ts";
import { conditionOf, eventually, startCluster } from "../helpers/cluster.ts";
import { basics, docs, gateway, GW, listener } from "../helpers/fixtures.ts";

Deno.test("with --ipam=external nothing is allocated, and the Gateway reports the address the announcer assigns", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics());
  cluster.apply(docs(gateway("apps", "edge", [listener("a", "TCP", 1000)])));
  await cluster.startController(["--ipam=external", "--announcer=metallb"]);
  const svc = await eventually(
    () => cluster.get<Service>("v1", "Service", "apps", "edge-l4"),
    () => true,
    "the Service made",
  );
  assert.equal(svc.spec?.type, "LoadBalancer");
  assert.equal(
    svc.metadata.annotations?.["metallb.io/loadBalancerIPs"],
    undefined,
    "no address requested",
  );
  const waiting = await eventually(
    () => cluster.get<Gateway>(GW, "Gateway", "apps", "edge"),
    (g) => conditionOf(g, "Programmed")?.status === "False",
    "edge waiting for the announcer",
  );
  assert.equal(waiting.status?.addresses?.length ?? 0, 0);

  // The announcer (MetalLB here) assigns an address from its own pool.
  cluster.server.store.patch("v1", "Service", "apps", "edge-l4", {
    status: { loadBalancer: { ingress: [{ ip: "192.0.2.7" }] } },
  }, {
    subresource: "status",
  });
  const gw = await eventually(
    () => cluster.get<Gateway>(GW, "Gateway", "apps", "edge"),
    (g) => conditionOf(g, "Programmed")?.status === "True",
    "edge Programmed with the announcer's address",
  );
  assert.deepEqual(gw.status?.addresses, [{ type: "IPAddress", value: "192.0.2.7" }]);
});

Deno.test("each announcer profile puts the address where its announcer reads it", async () => {
  for (
    const [announcer, check] of [
      ["metallb", (s: Service) => s.metadata.annotations?.["metallb.io/loadBalancerIPs"]],
      ["cilium", (s: Service) => s.metadata.annotations?.["lbipam.cilium.io/ips"]],
      ["generic", (s: Service) => s.spec?.loadBalancerIP],
    ] as const
  ) {
    await using cluster = await startCluster();
    cluster.apply(basics());
    cluster.apply(docs(gateway("apps", "edge", [listener("a", "TCP", 1000)])));
    await cluster.startController([`--announcer=${announcer}`]);
    const svc = await eventually(
      () => cluster.get<Service>("v1", "Service", "apps", "edge-l4"),
      (s) => check(s) !== undefined,
      `the ${announcer} address field`,
    );
    assert.equal(check(svc), "172.18.100.10", announcer);
    assert.equal(
      svc.metadata.annotations?.["kube-vip.io/loadbalancerIPs"],
      undefined,
      `${announcer} writes no kube-vip annotation`,
    );
  }
});
