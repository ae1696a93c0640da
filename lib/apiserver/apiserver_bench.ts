/**
 * Figures for the embedded API server, over real HTTP on loopback (`deno task bench apiserver`):
 * writes per second with 10 watchers, listing 10,000 objects (all and by label), and watch fan-out
 * latency (p50/p99) to 50 watchers. Prints; never asserts.
 *
 * @module
 */
import { startApiServer } from "./server.ts";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
}

/** Opens a watch and calls `onLine(receivedAt)` for every event line. */
async function watcher(
  url: string,
  onEvent: (at: number, line: string) => void,
): Promise<{ close(): Promise<void> }> {
  const res = await fetch(url);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  const pump = (async () => {
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true, value: "" }));
      if (r.done) return;
      const at = performance.now();
      buf += r.value;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        onEvent(at, buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    }
  })();
  return {
    async close() {
      await reader.cancel().catch(() => {});
      await pump;
    },
  };
}

async function writesWithWatchers(): Promise<void> {
  const server = await startApiServer({ watchHistory: 20_000 });
  const base = `${server.url}/api/v1/namespaces/default/configmaps`;
  const rv = server.store.resourceVersion;
  let received = 0;
  const watchers = await Promise.all(
    Array.from(
      { length: 10 },
      () => watcher(`${base}?watch=true&resourceVersion=${rv}`, () => received++),
    ),
  );
  const total = 5_000;
  const concurrency = 16;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const res = await fetch(base, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          metadata: { name: `cm-${i}`, labels: { app: `a${i % 10}` } },
          data: { i: String(i) },
        }),
      });
      await res.body?.cancel();
    }
  }));
  const writeMs = performance.now() - t0;
  while (received < total * 10) await new Promise((r) => setTimeout(r, 5));
  const allMs = performance.now() - t0;
  console.log(
    `writes/s with 10 watchers (HTTP POST, ${concurrency} in flight): ${
      (total / (writeMs / 1000)).toFixed(0)
    }`,
  );
  console.log(
    `  ${total} writes in ${writeMs.toFixed(0)} ms; all ${total * 10} events delivered after ${
      allMs.toFixed(0)
    } ms`,
  );
  for (const w of watchers) await w.close();
  await server.stop();
}

async function listLarge(): Promise<void> {
  const server = await startApiServer();
  const t0 = performance.now();
  for (let i = 0; i < 10_000; i++) {
    server.store.create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: `cm-${String(i).padStart(5, "0")}`,
        namespace: "default",
        labels: { app: `a${i % 10}` },
      },
      data: { key: "x".repeat(64) },
    });
  }
  const loadMs = performance.now() - t0;
  const time = async (path: string, runs = 10) => {
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      const res = await fetch(`${server.url}${path}`);
      bytes = (await res.arrayBuffer()).byteLength;
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 0.5), bytes };
  };
  const all = await time("/api/v1/namespaces/default/configmaps");
  const sel = await time("/api/v1/namespaces/default/configmaps?labelSelector=app%3Da3");
  const cluster = await time("/api/v1/configmaps?limit=500");
  const mem = Deno.memoryUsage();
  console.log(
    `list of 10,000 ConfigMaps over HTTP: ${all.p50.toFixed(1)} ms (p50 of 10, ${
      (all.bytes / 1e6).toFixed(1)
    } MB)`,
  );
  console.log(
    `  with labelSelector matching 1,000: ${sel.p50.toFixed(1)} ms; first page of 500: ${
      cluster.p50.toFixed(1)
    } ms`,
  );
  console.log(
    `  10,000 in-process creates: ${loadMs.toFixed(0)} ms; heap ${
      (mem.heapUsed / 1e6).toFixed(0)
    } MB, rss ${(mem.rss / 1e6).toFixed(0)} MB`,
  );
  await server.stop();
}

async function fanOut(): Promise<void> {
  const server = await startApiServer();
  const base = `${server.url}/api/v1/namespaces/default/configmaps`;
  const rv = server.store.resourceVersion;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const watchers = await Promise.all(
    Array.from(
      { length: 50 },
      () =>
        watcher(`${base}?watch=true&resourceVersion=${rv}`, (at, line) => {
          const name = /"name":"(cm-\d+)"/.exec(line)?.[1];
          const t = name ? sentAt.get(name) : undefined;
          if (t !== undefined) {
            latencies.push(at - t);
          }
        }),
    ),
  );
  const writes = 300;
  for (let i = 0; i < writes; i++) {
    const name = `cm-${i}`;
    sentAt.set(name, performance.now());
    const res = await fetch(base, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ metadata: { name }, data: { i: String(i) } }),
    });
    await res.body?.cancel();
  }
  while (latencies.length < writes * 50) await new Promise((r) => setTimeout(r, 5));
  latencies.sort((a, b) => a - b);
  console.log(
    `watch fan-out latency, 50 watchers (write sent → event read): p50 ${
      percentile(latencies, 0.5).toFixed(2)
    } ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms`,
  );
  for (const w of watchers) await w.close();
  await server.stop();
}

if (import.meta.main) {
  await writesWithWatchers();
  await listLarge();
  await fanOut();
}
