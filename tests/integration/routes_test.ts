/**
 * End to end: which routes attach, which one carries a listener's traffic, and cross-namespace access.
 */
import assert from "node:assert/strict";
import { systemClock } from "../../lib/clock.ts";
import type { EndpointSlice, Gateway, L4Route } from "../../lib/types/mod.ts";
import {
  conditionOf,
  eventually,
  parentStatus,
  startCluster,
  type TestCluster,
} from "../helpers/cluster.ts";
import {
  backend,
  basics,
  docs,
  gateway,
  grant,
  GW,
  listener,
  namespace,
  route,
} from "../helpers/fixtures.ts";

const endpoints = (cluster: TestCluster) =>
  cluster.list<EndpointSlice>(
    "discovery.k8s.io/v1",
    "EndpointSlice",
    "apps",
    "app.kubernetes.io/managed-by=l4gw",
  )
    .flatMap((s) => s.endpoints ?? []).flatMap((e) => e.addresses).sort().join(",");
const routeCondition = (cluster: TestCluster, ns: string, name: string, type: string) => () => {
  const c = conditionOf(parentStatus(cluster.get<L4Route>(GW, "TCPRoute", ns, name), "edge"), type);
  return c ? `${c.status}/${c.reason}` : undefined;
};

Deno.test("two routes on one listener: both accepted and counted, the oldest carries traffic, and its deletion hands over", async () => {
  // The API server's clock moves forward between the two routes, so they differ in age, and the
  // older one sorts last by name: only age can make it win.
  let shift = 0;
  const clock = { ...systemClock, now: () => Date.now() + shift };
  await using cluster = await startCluster({ clock });
  cluster.apply(basics());
  cluster.apply(docs(
    ...backend("apps", "blue", 80, { ips: ["10.244.0.1"] }),
    ...backend("apps", "green", 80, { ips: ["10.244.0.2"] }),
    gateway("apps", "edge", [listener("web", "TCP", 80)]),
    route("TCPRoute", "apps", "zulu", { name: "edge" }, [{ name: "blue", port: 80 }]),
  ));
  await cluster.startController();
  await eventually(
    () => endpoints(cluster),
    (e) => e === "10.244.0.1",
    "the first route's backend",
  );
  shift = 60_000;
  cluster.apply(
    docs(route("TCPRoute", "apps", "alpha", { name: "edge" }, [{ name: "green", port: 80 }])),
  );
  await eventually(
    routeCondition(cluster, "apps", "alpha", "Accepted"),
    (c) => c === "True/Accepted",
    "alpha accepted",
  );
  await eventually(
    () =>
      cluster.get<Gateway>(GW, "Gateway", "apps", "edge")?.status?.listeners?.[0]?.attachedRoutes,
    (n) => n === 2,
    "both routes counted",
  );
  assert.equal(endpoints(cluster), "10.244.0.1", "the oldest route still carries the traffic");

  cluster.remove(GW, "TCPRoute", "apps", "zulu");
  await eventually(
    () => endpoints(cluster),
    (e) => e === "10.244.0.2",
    "traffic handed to the remaining route",
  );
});

Deno.test("a cross-namespace backend works while a ReferenceGrant allows it, and stops the moment the grant goes", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics());
  cluster.apply(docs(
    namespace("data"),
    ...backend("data", "redis", 6379, { ips: ["10.244.5.5"] }),
    gateway("apps", "edge", [listener("redis", "TCP", 6379)]),
    route("TCPRoute", "apps", "redis", { name: "edge" }, [{
      name: "redis",
      namespace: "data",
      port: 6379,
    }]),
  ));
  await cluster.startController();
  await eventually(
    routeCondition(cluster, "apps", "redis", "ResolvedRefs"),
    (c) => c === "False/RefNotPermitted",
    "refused without a grant",
  );
  assert.equal(
    routeCondition(cluster, "apps", "redis", "Accepted")(),
    "True/Accepted",
    "still accepted",
  );
  assert.equal(endpoints(cluster), "", "no traffic to a backend it may not use");

  cluster.apply(docs(grant("data", "apps", "TCPRoute", "redis")));
  await eventually(
    routeCondition(cluster, "apps", "redis", "ResolvedRefs"),
    (c) => c === "True/ResolvedRefs",
    "allowed by the grant",
  );
  await eventually(() => endpoints(cluster), (e) => e === "10.244.5.5", "traffic once granted");

  cluster.remove(GW, "ReferenceGrant", "data", "from-apps");
  await eventually(
    routeCondition(cluster, "apps", "redis", "ResolvedRefs"),
    (c) => c === "False/RefNotPermitted",
    "revoked with the grant",
  );
  await eventually(() => endpoints(cluster), (e) => e === "", "no traffic once revoked");
});

Deno.test("a listener's namespace selector admits routes as namespace labels change", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics());
  cluster.apply(docs(
    namespace("team"),
    ...backend("team", "api", 8080),
    gateway("apps", "edge", [
      listener("api", "TCP", 8080, {
        namespaces: { from: "Selector", selector: { matchLabels: { shared: "yes" } } },
      }),
    ]),
    route("TCPRoute", "team", "api", { name: "edge", namespace: "apps" }, [{
      name: "api",
      port: 8080,
    }]),
  ));
  await cluster.startController();
  await eventually(
    routeCondition(cluster, "team", "api", "Accepted"),
    (c) => c === "False/NotAllowedByListeners",
    "not admitted",
  );
  cluster.patch("v1", "Namespace", "", "team", { metadata: { labels: { shared: "yes" } } });
  await eventually(
    routeCondition(cluster, "team", "api", "Accepted"),
    (c) => c === "True/Accepted",
    "admitted once labelled",
  );
  cluster.patch("v1", "Namespace", "", "team", { metadata: { labels: { shared: null } } });
  await eventually(
    routeCondition(cluster, "team", "api", "Accepted"),
    (c) => c === "False/NotAllowedByListeners",
    "shut out again",
  );
});
