/**
 * `deno task bench controller`: the running controller against the embedded API server, for N
 * Gateways each with one TCPRoute to its own backend Service and EndpointSlice.
 *
 * Prints, for N = 100 and 1,000: time from applying everything to every Gateway Programmed and every
 * route Accepted; API writes per Gateway+route pair (and Events); writes after a restart once
 * converged (the goal is 0); the controller's resident memory; reconcile latency p50/p99 from its
 * metrics; and the floor: a plain script making the same minimal writes against the same server, with
 * the ratio controller / floor.
 *
 * @module
 */
import { KubeClient } from "../lib/kube/client.ts";
import { loadClusterConfig } from "../lib/kube/config.ts";
import { ENDPOINTSLICES, GATEWAYS, SERVICES, tcpRoutes } from "../lib/kube/resources.ts";
import type { Gateway, KubeObject, L4Route } from "../lib/types/mod.ts";
import { conditionOf, parentStatus, startCluster, type TestCluster } from "./helpers/cluster.ts";
import { backend, basics, docs, gateway, GW, listener, route } from "./helpers/fixtures.ts";
import { idle, parseMetrics, scrape } from "./helpers/metrics.ts";
import { waitFor } from "./helpers/wait_for.ts";

const POOL = { "range-global": "172.18.0.1-172.18.255.254" };

function objects(n: number): string {
  const out: object[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      ...backend("apps", `b${i}`, 8080, { ips: [`10.${(i >> 8) & 255}.${i & 255}.1`] }),
      gateway("apps", `g${i}`, [listener("main", "TCP", 8080)]),
      route("TCPRoute", "apps", `r${i}`, { name: `g${i}` }, [{ name: `b${i}`, port: 8080 }]),
    );
  }
  return docs(...out);
}

function converged(cluster: TestCluster, n: number): boolean {
  const gws = cluster.list<Gateway>(GW, "Gateway", "apps");
  const routes = cluster.list<L4Route>(GW, "TCPRoute", "apps");
  return gws.filter((g) => conditionOf(g, "Programmed")?.status === "True").length === n &&
    routes.filter((r) =>
        conditionOf(parentStatus(r, r.spec.parentRefs![0]!.name), "Accepted")?.status === "True"
      )
        .length === n;
}

function rssMb(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** p-quantile (0–1) from a Prometheus histogram's cumulative buckets, as the upper bound of its bucket. */
function quantile(
  metrics: Map<string, number>,
  name: string,
  controller: string,
  q: number,
): number {
  const buckets = [...metrics].filter(([k]) =>
    k.startsWith(`${name}_bucket{`) && k.includes(`controller="${controller}"`)
  )
    .map(([k, v]) => ({ le: Number(/le="([^"]+)"/.exec(k)![1]!.replace("+Inf", "Infinity")), v }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.v ?? 0;
  return buckets.find((b) => b.v >= q * total)?.le ?? NaN;
}

async function controllerRun(n: number) {
  await using cluster = await startCluster({ watchHistory: 20_000 });
  cluster.apply(basics(POOL));
  const controller = await cluster.startController();
  cluster.server.requests.clear();
  const t0 = performance.now();
  cluster.apply(objects(n));
  await waitFor(() => converged(cluster, n), {
    deadline: 600_000,
    interval: 500,
    what: "convergence",
  });
  const seconds = (performance.now() - t0) / 1000;
  const writes = cluster.controllerWrites();
  const events =
    cluster.server.requests.entries((r) =>
      r.userAgent.startsWith("l4gw/") && r.url.includes("/events")
    ).length;
  const url = await controller.metricsUrl();
  await waitFor(async () => idle(await scrape(url), "gateway", n), {
    deadline: 120_000,
    what: "idle",
  });
  const metrics = await scrape(url);
  const rss = rssMb(controller.pid);
  await controller.stop("SIGTERM");
  cluster.server.requests.clear();
  const again = await cluster.startController();
  const url2 = await again.metricsUrl();
  await waitFor(async () => idle(await scrape(url2), "gateway", n), {
    deadline: 120_000,
    what: "idle after restart",
  });
  const restartWrites = cluster.controllerWrites();
  // V8's memory reducer returns memory some 20-30 s into idleness: read until it settles.
  let idleRss = rssMb(again.pid);
  for (let waited = 0; waited < 60_000; waited += 5_000) {
    await new Promise((r) => setTimeout(r, 5_000));
    const now = rssMb(again.pid);
    if (waited >= 30_000 && Math.abs(now - idleRss) < 2) break;
    idleRss = now;
  }
  return { seconds, writes, events, rss, idleRss, restartWrites, metrics };
}

/** The floor: the same minimal writes (Service, EndpointSlice, Gateway status, route status per pair), 8 at a time. */
async function floor(n: number): Promise<{ seconds: number; writes: number }> {
  await using cluster = await startCluster({ watchHistory: 20_000 });
  cluster.apply(basics(POOL));
  cluster.apply(objects(n));
  const client = new KubeClient(await loadClusterConfig({ kubeconfig: cluster.kubeconfig }));
  const routes = tcpRoutes("v1");
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const cond = (type: string) => ({
    type,
    status: "True",
    reason: type,
    message: "",
    lastTransitionTime: now,
    observedGeneration: 1,
  });
  let writes = 0;
  const t0 = performance.now();
  const work = Array.from({ length: n }, (_, i) => async () => {
    const ip = `172.18.${(i + 1) >> 8}.${(i + 1) & 255}`;
    await client.create(SERVICES, {
      metadata: {
        namespace: "apps",
        name: `g${i}-l4`,
        annotations: { "kube-vip.io/loadbalancerIPs": ip },
      },
      spec: { type: "LoadBalancer", ports: [{ port: 8080, protocol: "TCP" }] },
    } as KubeObject);
    await client.create(ENDPOINTSLICES, {
      metadata: {
        namespace: "apps",
        name: `g${i}-l4-x`,
        labels: { "kubernetes.io/service-name": `g${i}-l4` },
      },
      addressType: "IPv4",
      ports: [{ port: 8080, protocol: "TCP" }],
      endpoints: [{
        addresses: [`10.${(i >> 8) & 255}.${i & 255}.1`],
        conditions: { ready: true },
      }],
    } as KubeObject);
    const gw = await client.get(GATEWAYS, "apps", `g${i}`);
    await client.updateStatus(
      GATEWAYS,
      {
        ...gw,
        status: {
          addresses: [{ type: "IPAddress", value: ip }],
          conditions: [cond("Accepted"), cond("Programmed")],
        },
      } as Gateway,
    );
    const r = await client.get(routes, "apps", `r${i}`);
    await client.updateStatus(routes, {
      ...r,
      status: {
        parents: [{
          parentRef: { name: `g${i}` },
          controllerName: "kube-vip.io/controller",
          conditions: [cond("Accepted"), cond("ResolvedRefs")],
        }],
      },
    } as L4Route);
    writes += 4;
  });
  const queue = [...work];
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  }));
  const seconds = (performance.now() - t0) / 1000;
  await client.close();
  return { seconds, writes };
}

if (import.meta.main) {
  const sizes = Deno.args.length ? Deno.args.map(Number) : [100, 1000];
  for (const n of sizes) {
    const c = await controllerRun(n);
    const f = await floor(n);
    const ms = (s: number) => (s * 1000).toFixed(1);
    console.log(
      `N = ${n} Gateways, each with one TCPRoute to its own backend Service and EndpointSlice`,
    );
    console.log(`  converge (all Programmed and Accepted): ${c.seconds.toFixed(2)} s`);
    console.log(
      `  API writes per Gateway+route pair: ${(c.writes / n).toFixed(2)} (plus ${
        (c.events / n).toFixed(2)
      } Event writes)`,
    );
    console.log(`  writes after a restart once converged: ${c.restartWrites}`);
    console.log(
      `  controller resident memory: ${c.rss.toFixed(0)} MB right after converging the burst, ` +
        `${c.idleRss.toFixed(0)} MB restarted, idle and settled with the same objects cached`,
    );
    for (const ctl of ["gateway", "tcproute"]) {
      const p50 = quantile(c.metrics, "controller_runtime_reconcile_time_seconds", ctl, 0.5);
      const p99 = quantile(c.metrics, "controller_runtime_reconcile_time_seconds", ctl, 0.99);
      console.log(
        `  reconcile latency (${ctl}): p50 ≤ ${ms(p50)} ms, p99 ≤ ${
          ms(p99)
        } ms (histogram bucket bounds)`,
      );
    }
    console.log(
      `  floor: a plain script making the ${f.writes} minimal writes, 8 at a time: ${
        f.seconds.toFixed(2)
      } s`,
    );
    console.log(`  controller / floor: ${(c.seconds / f.seconds).toFixed(2)}×`);
  }
}

export { parseMetrics };
