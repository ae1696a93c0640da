/**
 * End to end: the controller restarted, mid-way and once converged.
 */
import assert from "node:assert/strict";
import type { Gateway, Service } from "../../lib/types/mod.ts";
import { conditionOf, eventually, startCluster, type TestCluster } from "../helpers/cluster.ts";
import { backend, basics, docs, gateway, GW, listener, route } from "../helpers/fixtures.ts";
import { idle, scrape } from "../helpers/metrics.ts";
import { waitFor } from "../helpers/wait_for.ts";

const N = 20;

function addresses(cluster: TestCluster): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of cluster.list<Gateway>(GW, "Gateway", "apps")) {
    const a = g.status?.addresses?.[0]?.value;
    if (a) out.set(g.metadata.name!, a);
  }
  return out;
}

const allProgrammed = (cluster: TestCluster) =>
  cluster.list<Gateway>(GW, "Gateway", "apps").filter((g) =>
    conditionOf(g, "Programmed")?.status === "True"
  ).length === N;

Deno.test("a controller killed mid-way and restarted changes no address and duplicates nothing; once converged, a restart writes nothing", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics({ "range-global": "172.18.100.10-172.18.100.250" }));
  for (let i = 0; i < N; i++) {
    cluster.apply(docs(
      ...backend("apps", `b${i}`, 7000 + i),
      gateway("apps", `g${i}`, [listener("main", "TCP", 7000 + i)]),
      route("TCPRoute", "apps", `r${i}`, { name: `g${i}` }, [{ name: `b${i}`, port: 7000 + i }]),
    ));
  }
  const first = await cluster.startController();
  await eventually(() => addresses(cluster).size, (n) => n >= 3, "some Gateways addressed");
  assert.equal(await first.stop("SIGKILL"), 137);
  const before = addresses(cluster);

  const second = await cluster.startController();
  await eventually(
    () => allProgrammed(cluster),
    (ok) => ok,
    `all ${N} Gateways Programmed after the restart`,
  );
  const after = addresses(cluster);
  for (const [name, address] of before) {
    assert.equal(after.get(name), address, `${name} kept its address`);
  }
  assert.equal(new Set(after.values()).size, N, "no address handed out twice");
  const services = cluster.list<Service>(
    "v1",
    "Service",
    "apps",
    "app.kubernetes.io/managed-by=l4gw",
  );
  assert.deepEqual(
    services.map((s) => s.metadata.name).sort(),
    Array.from({ length: N }, (_, i) => `g${i}-l4`).sort(),
    "exactly one Service per Gateway",
  );
  assert.equal(await second.stop("SIGTERM"), 0, "SIGTERM is a clean exit");

  cluster.server.requests.clear();
  const third = await cluster.startController();
  const url = await third.metricsUrl();
  await waitFor(async () => idle(await scrape(url), "gateway", N), {
    what: "the restarted controller to go idle",
  });
  assert.equal(cluster.controllerWrites(), 0, "a restart after convergence writes nothing");
});
