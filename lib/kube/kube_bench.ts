/**
 * `deno task bench kube`: the two budgets of the Kubernetes runtime.
 *
 * 1. Resident memory of a controller-like process, idle, with informers on 1,000 Gateways, 1,000
 *    TCPRoutes, 2,000 Services and 2,000 EndpointSlices synced from the embedded API server. The server
 *    runs in this process; the informers run in a child process whose RSS is measured (budget 80 MB).
 * 2. Watch events applied to a cache per second (budget 5,000/s): end to end from the embedded server
 *    (server-side cost included), and for the client side alone (parse + cache + handler) from a
 *    recorded stream.
 *
 * @module
 */
import { metrics } from "../metrics.ts";
import { objectKey } from "../types/mod.ts";
import { KubeClient } from "./client.ts";
import { loadClusterConfig } from "./config.ts";
import { Cache } from "./cache.ts";
import { Informer } from "./informer.ts";
import { ENDPOINTSLICES, GATEWAYS, SERVICES, tcpRoutes } from "./resources.ts";
import { readWatchEvents } from "./watch.ts";
import { WorkQueue } from "./workqueue.ts";

const KINDS = [GATEWAYS, tcpRoutes("v1"), SERVICES, ENDPOINTSLICES];

function labels(i: number) {
  return { app: `app-${i}`, "app.kubernetes.io/part-of": "bench" };
}

function fill(store: import("../apiserver/mod.ts").Store): void {
  for (let n = 0; n < 50; n++) {
    store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: `ns-${n}` } });
  }
  const ns = (i: number) => `ns-${i % 50}`;
  store.create({
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "GatewayClass",
    metadata: { name: "kube-vip" },
    spec: { controllerName: "kube-vip.io/controller" },
  });
  for (let i = 0; i < 1000; i++) {
    store.create({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { namespace: ns(i), name: `gw-${i}`, labels: labels(i) },
      spec: {
        gatewayClassName: "kube-vip",
        listeners: [{ name: "tcp", port: 8000 + (i % 100), protocol: "TCP" }],
      },
    });
    store.create({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "TCPRoute",
      metadata: { namespace: ns(i), name: `route-${i}`, labels: labels(i) },
      spec: {
        parentRefs: [{ name: `gw-${i}`, sectionName: "tcp" }],
        rules: [{ backendRefs: [{ name: `svc-${i}`, port: 80 }] }],
      },
    });
  }
  for (let i = 0; i < 2000; i++) {
    store.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { namespace: ns(i), name: `svc-${i}`, labels: labels(i) },
      spec: {
        selector: { app: `app-${i}` },
        ports: [{ name: "http", port: 80, targetPort: 8080 }],
      },
    });
    store.create({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        namespace: ns(i),
        name: `svc-${i}-abcde`,
        labels: { "kubernetes.io/service-name": `svc-${i}` },
      },
      addressType: "IPv4",
      endpoints: [0, 1].map((j) => ({
        addresses: [`10.244.${i >> 8}.${(i * 2 + j) & 255}`],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: `node-${j}`,
        targetRef: { kind: "Pod", namespace: ns(i), name: `pod-${i}-${j}` },
      })),
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    });
  }
}

/** The child: informers on the four kinds, sync, idle, print RSS as JSON. */
async function child(kubeconfig: string, updates: number): Promise<void> {
  const started = performance.now();
  const client = new KubeClient(await loadClusterConfig({ kubeconfig }));
  const queue = new WorkQueue({ metrics: metrics.workQueue("bench") });
  const informers = KINDS.map((type) => new Informer(client, type as never));
  let events = 0;
  let firstAt = 0;
  let lastAt = 0;
  for (const informer of informers) {
    informer.addHandler({
      onUpdate: (_, o) => {
        queue.add(objectKey(o));
        if (events++ === 0) firstAt = performance.now();
        lastAt = performance.now();
      },
    });
    informer.start();
  }
  await Promise.all(informers.map((i) => i.whenSynced()));
  const syncMs = performance.now() - started;
  // the budget figure: synced, then idle
  await new Promise((r) => setTimeout(r, 5000));
  const idle = Deno.memoryUsage();
  console.log(
    JSON.stringify({
      synced: informers.map((i) => i.size),
      syncMs,
      idleRss: idle.rss,
      idleHeap: idle.heapUsed,
    }),
  );
  // end-to-end throughput: the parent now writes `updates` changes
  const deadline = performance.now() + 60_000;
  while (events < updates && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const perSecond = events > 1 ? (events - 1) / ((lastAt - firstAt) / 1000) : 0;
  await new Promise((r) => setTimeout(r, 5000));
  console.log(JSON.stringify({ events, perSecond, burstRss: Deno.memoryUsage().rss }));
  await Promise.all(informers.map((i) => i.stop()));
  await queue.shutDown();
  await client.close();
}

/** Client side only: parse and apply a recorded stream of MODIFIED events. */
async function clientSideThroughput(objects: unknown[], count: number): Promise<number> {
  const lines = [];
  for (let i = 0; i < count; i++) {
    const o = structuredClone(objects[i % objects.length]) as {
      metadata: { resourceVersion: string };
    };
    o.metadata.resourceVersion = String(100_000 + i);
    lines.push(JSON.stringify({ type: "MODIFIED", object: o }));
  }
  const bytes = new TextEncoder().encode(lines.join("\n") + "\n");
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += 16384) c.enqueue(bytes.slice(i, i + 16384));
      c.close();
    },
  });
  const cache = new Cache<{ metadata: { namespace?: string; name?: string } }>({
    service: (o) => [`${o.metadata.namespace}/${o.metadata.name}`],
  });
  const queue = new WorkQueue();
  const t0 = performance.now();
  for await (const event of readWatchEvents(body)) {
    cache.upsert(event.object);
    queue.add(objectKey(event.object));
  }
  const seconds = (performance.now() - t0) / 1000;
  await queue.shutDown();
  return count / seconds;
}

async function main(): Promise<void> {
  const { startApiServer } = await import("../apiserver/mod.ts");
  const server = await startApiServer({ watchHistory: 20_000 });
  const dir = await Deno.makeTempDir({ prefix: "l4gw-kube-bench-" });
  try {
    const t0 = performance.now();
    fill(server.store);
    console.log(
      `filled the embedded API server: 1000 Gateways, 1000 TCPRoutes, 2000 Services, 2000 EndpointSlices in ${
        Math.round(performance.now() - t0)
      } ms`,
    );
    await server.writeKubeconfig(`${dir}/kubeconfig`);
    const updates = 10_000;
    const proc = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", import.meta.filename!, "--child", `${dir}/kubeconfig`, String(updates)],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = proc.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    const lines: Record<string, number>[] = [];
    let wrote = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (line.synced && !wrote) {
          wrote = true;
          console.log(
            `informer process synced ${line.synced.join(" + ")} objects in ${
              Math.round(line.syncMs)
            } ms`,
          );
          for (let i = 0; i < updates; i++) {
            const name = `svc-${i % 2000}`;
            server.store.patch("v1", "Service", `ns-${i % 50}`, name, {
              metadata: { annotations: { "bench/n": String(i) } },
            });
            if (i % 500 === 499) await new Promise((r) => setTimeout(r, 0));
          }
        }
      }
    }
    await proc.status;
    const idle = lines.find((l) => l.idleRss !== undefined)!;
    const result = lines.find((l) => l.perSecond !== undefined)!;
    const mb = (n: number | undefined) => ((n ?? 0) / 2 ** 20).toFixed(1);
    console.log(
      `resident memory, informers synced and idle 5 s: ${mb(idle.idleRss)} MB (JS heap ${
        mb(idle.idleHeap)
      } MB; budget 80 MB)`,
    );
    console.log(
      `resident memory after the ${updates}-event burst below: ${mb(result.burstRss)} MB`,
    );
    console.log(
      `watch events applied per second, end to end from the embedded API server: ${
        Math.round(result.perSecond!)
      } (${result.events} events; budget 5000/s)`,
    );
    const sample = server.store.list("v1", "Service").slice(0, 2000);
    console.log(
      `watch events applied per second, client side only (parse + cache + queue): ${
        Math.round(await clientSideThroughput(sample, 50_000))
      }`,
    );
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  if (Deno.args[0] === "--child") await child(Deno.args[1]!, Number(Deno.args[2]));
  else await main();
}
