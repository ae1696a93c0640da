/**
 * End to end: the real controller process against the embedded API server, every kind through its
 * life, as a user sees it.
 */
import assert from "node:assert/strict";
import type {
  EndpointSlice,
  Gateway,
  GatewayClass,
  L4Route,
  Service,
} from "../../lib/types/mod.ts";
import { conditionOf, eventually, gone, parentStatus, startCluster } from "../helpers/cluster.ts";
import { backend, basics, docs, gateway, GW, listener, route } from "../helpers/fixtures.ts";

const programmed = (g: Gateway | undefined) => conditionOf(g, "Programmed")?.status === "True";
const managedSlices = (
  cluster: Awaited<ReturnType<typeof startCluster>>,
  ns: string,
  service: string,
) =>
  cluster.list<EndpointSlice>(
    "discovery.k8s.io/v1",
    "EndpointSlice",
    ns,
    `kubernetes.io/service-name=${service},app.kubernetes.io/managed-by=l4gw`,
  );

Deno.test("a Gateway and its routes go from nothing to Programmed, follow changes, and leave nothing behind", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics());
  cluster.apply(docs(
    ...backend("apps", "pg", 5432, { targetPort: 15432, ips: ["10.244.0.10", "10.244.1.11"] }),
    gateway("apps", "edge", [listener("sql", "TCP", 5432)]),
    route("TCPRoute", "apps", "pg", { name: "edge", sectionName: "sql" }, [{
      name: "pg",
      port: 5432,
    }]),
  ));
  await cluster.startController();

  const gw = await eventually(
    () => cluster.get<Gateway>(GW, "Gateway", "apps", "edge"),
    programmed,
    "edge Programmed",
  );
  assert.deepEqual(
    gw.status?.addresses,
    [{ type: "IPAddress", value: "172.18.100.10" }],
    "the lowest free address",
  );
  assert.equal(gw.status?.listeners?.[0]?.attachedRoutes, 1);
  const svc = cluster.get<Service>("v1", "Service", "apps", "edge-l4")!;
  assert.equal(svc.spec?.type, "LoadBalancer");
  assert.equal(svc.metadata.annotations?.["kube-vip.io/loadbalancerIPs"], "172.18.100.10");
  assert.equal(svc.metadata.labels?.["gateway.networking.k8s.io/gateway-name"], "edge");
  assert.deepEqual(svc.spec?.ports?.map((p) => [p.port, p.protocol]), [[5432, "TCP"]]);
  const slices = managedSlices(cluster, "apps", "edge-l4");
  assert.deepEqual(
    slices.flatMap((s) => s.endpoints ?? []).flatMap((e) => e.addresses).sort(),
    ["10.244.0.10", "10.244.1.11"],
  );
  assert.deepEqual(
    slices.flatMap((s) => s.ports ?? []).map((p) => p.port),
    [15432],
    "backend port resolved per endpoint",
  );
  const pg = cluster.get<L4Route>(GW, "TCPRoute", "apps", "pg");
  assert.equal(conditionOf(parentStatus(pg, "edge"), "Accepted")?.status, "True");
  assert.equal(conditionOf(parentStatus(pg, "edge"), "ResolvedRefs")?.status, "True");
  const cls = cluster.get<GatewayClass>(GW, "GatewayClass", "", "l4")!;
  assert.equal(conditionOf(cls, "Accepted")?.status, "True");
  assert.ok(
    cls.metadata.finalizers?.includes("gateway-exists-finalizer.gateway.networking.k8s.io"),
  );

  // Change: a UDP listener and a UDPRoute join; the backend's Pods change.
  cluster.apply(docs(
    ...backend("apps", "dns", 53, { protocol: "UDP", targetPort: 5353 }),
    gateway("apps", "edge", [listener("sql", "TCP", 5432), listener("dns", "UDP", 53)]),
    route("UDPRoute", "apps", "dns", { name: "edge", sectionName: "dns" }, [{
      name: "dns",
      port: 53,
    }]),
    backend("apps", "pg", 5432, { targetPort: 15432, ips: ["10.244.2.12"] })[1],
  ));
  await eventually(
    () =>
      cluster.get<Service>("v1", "Service", "apps", "edge-l4")?.spec?.ports?.map((p) =>
        `${p.port}/${p.protocol}`
      ),
    (ports) => JSON.stringify(ports) === JSON.stringify(["5432/TCP", "53/UDP"]),
    "the Gateway Service to serve the new UDP listener",
  );
  await eventually(
    () =>
      managedSlices(cluster, "apps", "edge-l4").flatMap((s) => s.endpoints ?? []).flatMap((e) =>
        e.addresses
      ).sort(),
    (ips) => JSON.stringify(ips) === JSON.stringify(["10.244.0.10", "10.244.2.12"]),
    "endpoints to follow the backends' Pods",
  );
  const udp = await eventually(
    () => cluster.get<L4Route>(GW, "UDPRoute", "apps", "dns"),
    (r) => conditionOf(parentStatus(r, "edge"), "Accepted")?.status === "True",
    "the UDPRoute accepted",
  );
  assert.equal(
    conditionOf(parentStatus(udp, "edge"), "Accepted")?.observedGeneration,
    udp.metadata.generation,
  );

  // Delete: the Gateway goes, and everything made for it with it; then the class can go.
  cluster.remove(GW, "Gateway", "apps", "edge");
  await gone(() => cluster.get("v1", "Service", "apps", "edge-l4"), "the Service removed");
  await eventually(
    () => managedSlices(cluster, "apps", "edge-l4"),
    (s) => s.length === 0,
    "the slices removed",
  );
  await eventually(
    () => cluster.get<GatewayClass>(GW, "GatewayClass", "", "l4")?.metadata.finalizers ?? [],
    (f) => f.length === 0,
    "the class finalizer removed once no Gateway uses it",
  );
  cluster.remove(GW, "GatewayClass", "", "l4");
  assert.equal(cluster.get(GW, "GatewayClass", "", "l4"), undefined);
});

Deno.test("each service behaviour makes the Service it promises, and update restores the user's Service exactly", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics());
  cluster.apply(docs(
    ...backend("apps", "web", 8080, { targetPort: 80 }),
    ...backend("apps", "api", 9090),
    gateway("apps", "edge", [
      listener("a", "TCP", 80),
      listener("b", "TCP", 90),
      listener("c", "TCP", 100),
    ]),
    route("TCPRoute", "apps", "created", { name: "edge", sectionName: "a" }, [{
      name: "web",
      port: 8080,
    }], {
      serviceBehaviour: "create",
      selectorkey: "app",
      selectorvalue: "web",
    }),
    route("TCPRoute", "apps", "duplicated", { name: "edge", sectionName: "b" }, [{
      name: "web",
      port: 8080,
    }], {
      serviceBehaviour: "duplicate",
    }),
  ));
  const before = cluster.get<Service>("v1", "Service", "apps", "api")!;
  cluster.apply(docs(
    route("TCPRoute", "apps", "updated", { name: "edge", sectionName: "c" }, [{
      name: "api",
      port: 9090,
    }], {
      serviceBehaviour: "update",
    }),
  ));
  await cluster.startController();
  const gw = await eventually(
    () => cluster.get<Gateway>(GW, "Gateway", "apps", "edge"),
    programmed,
    "edge Programmed",
  );
  const address = gw.status!.addresses![0]!.value;
  const lbs = () =>
    cluster.list<Service>("v1", "Service", "apps")
      .filter((s) => s.spec?.type === "LoadBalancer");
  await eventually(
    lbs,
    (s) => s.length === 3,
    "three LoadBalancer Services: created, duplicated, updated",
  );
  const created = lbs().find((s) => s.metadata.labels?.["l4gw.io/service-behaviour"] === "create")!;
  assert.deepEqual(created.spec?.selector, { app: "web" });
  assert.deepEqual(created.spec?.ports?.map((p) => [p.port, p.targetPort]), [[80, 8080]]);
  const duplicated = lbs().find((s) =>
    s.metadata.labels?.["l4gw.io/service-behaviour"] === "duplicate"
  )!;
  assert.deepEqual(duplicated.spec?.selector, { app: "web" });
  assert.deepEqual(
    duplicated.spec?.ports?.map((p) => [p.port, p.targetPort]),
    [[90, 80]],
    "target ports copied",
  );
  const updated = cluster.get<Service>("v1", "Service", "apps", "api")!;
  assert.equal(updated.spec?.type, "LoadBalancer");
  for (const s of [created, duplicated, updated]) {
    assert.equal(
      s.metadata.annotations?.["kube-vip.io/loadbalancerIPs"],
      address,
      `${s.metadata.name} carries the address`,
    );
  }

  cluster.remove(GW, "TCPRoute", "apps", "updated");
  const restored = await eventually(
    () => cluster.get<Service>("v1", "Service", "apps", "api"),
    (s) => s?.spec?.type === "ClusterIP",
    "the updated Service restored",
  );
  const shape = (s: Service) => ({
    labels: s.metadata.labels ?? {},
    annotations: s.metadata.annotations ?? {},
    spec: s.spec,
  });
  assert.deepEqual(shape(restored!), shape(before), "exactly as the user had it");
});

Deno.test("a user's Service with the name l4gw wants is never taken over, and the Gateway says why", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics());
  cluster.apply(docs(
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { namespace: "apps", name: "edge-l4" },
      spec: { ports: [{ port: 1 }] },
    },
    ...backend("apps", "pg", 5432),
    gateway("apps", "edge", [listener("sql", "TCP", 5432)]),
    route("TCPRoute", "apps", "pg", { name: "edge" }, [{ name: "pg", port: 5432 }]),
  ));
  await cluster.startController();
  const gw = await eventually(
    () => cluster.get<Gateway>(GW, "Gateway", "apps", "edge"),
    (g) =>
      conditionOf(g, "Programmed")?.status === "False" &&
      /edge-l4/.test(conditionOf(g, "Programmed")!.message),
    "edge reporting the Service in the way",
  );
  const mine = cluster.get<Service>("v1", "Service", "apps", "edge-l4")!;
  assert.deepEqual(mine.spec?.ports?.map((p) => p.port), [1], "the user's Service is untouched");
  assert.equal(mine.metadata.labels?.["app.kubernetes.io/managed-by"], undefined);
  assert.match(conditionOf(gw, "Programmed")!.message, /apps\/edge-l4/);

  cluster.remove("v1", "Service", "apps", "edge-l4");
  await eventually(
    () => cluster.get<Gateway>(GW, "Gateway", "apps", "edge"),
    programmed,
    "edge Programmed once the name is free",
  );
});
