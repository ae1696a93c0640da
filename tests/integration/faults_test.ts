/**
 * End to end: the controller against an unreliable API server (the server's fault injection).
 */
import assert from "node:assert/strict";
import type { Gateway, L4Route, Service } from "../../lib/types/mod.ts";
import {
  conditionOf,
  eventually,
  gone,
  parentStatus,
  startCluster,
  type TestCluster,
} from "../helpers/cluster.ts";
import { backend, basics, docs, gateway, GW, listener, route } from "../helpers/fixtures.ts";

const N = 12;

/** A seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

function converged(cluster: TestCluster, names: string[]): boolean {
  return names.every((n) => {
    const g = cluster.get<Gateway>(GW, "Gateway", "apps", n);
    const r = cluster.get<L4Route>(GW, "TCPRoute", "apps", `r-${n}`);
    return conditionOf(g, "Programmed")?.status === "True" &&
      conditionOf(parentStatus(r, n), "Accepted")?.status === "True" &&
      conditionOf(parentStatus(r, n), "ResolvedRefs")?.status === "True";
  });
}

Deno.test("dropped watches and 409/500 storms: everything converges, nothing is lost, nothing is duplicated", async () => {
  await using cluster = await startCluster({
    faults: {
      watchMaxEvents: 5,
      conflictRate: 0.3,
      errorRate: 0.2,
      retryAfterSeconds: 1,
      random: seeded(42),
    },
  });
  cluster.apply(basics());
  const names = Array.from({ length: N }, (_, i) => `g${i}`);
  for (const [i, n] of names.entries()) {
    cluster.apply(docs(
      ...backend("apps", `b-${n}`, 8000 + i),
      gateway("apps", n, [listener("main", "TCP", 8000 + i)]),
      route("TCPRoute", "apps", `r-${n}`, { name: n }, [{ name: `b-${n}`, port: 8000 + i }]),
    ));
  }
  await cluster.startController();
  await eventually(
    () => converged(cluster, names),
    (ok) => ok,
    "every Gateway Programmed and route resolved",
    { deadline: 60_000 },
  );
  assert.ok(cluster.server.faults.injected > 0, "faults were injected");

  // A deletion during the storm is not lost either.
  cluster.remove(GW, "Gateway", "apps", "g0");
  await gone(
    () => cluster.get("v1", "Service", "apps", "g0-l4"),
    "the deleted Gateway's Service removed",
    { deadline: 60_000 },
  );

  const services = cluster.list<Service>(
    "v1",
    "Service",
    "apps",
    "app.kubernetes.io/managed-by=l4gw",
  );
  assert.equal(services.length, N - 1, "one Service per remaining Gateway");
  const addresses = names.slice(1).map((n) =>
    cluster.get<Gateway>(GW, "Gateway", "apps", n)!.status!.addresses![0]!.value
  );
  assert.equal(new Set(addresses).size, N - 1, "no address handed out twice");
});
