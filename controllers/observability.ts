/**
 * Project metrics beside controller-runtime's: the IPAM pools (size, addresses used and free, per
 * pool) and the Gateways and routes by condition. Computed from the caches when Prometheus scrapes,
 * so they cost nothing between scrapes and can never drift from what the controller sees.
 *
 * @module
 */
import { Gauge } from "prom-client";
import { parsePoolConfig, poolFigures } from "../lib/ipam.ts";
import type { Metrics } from "../lib/metrics.ts";
import type { AddressesInUse } from "../lib/ipam.ts";
import { objectKey } from "../lib/types/mod.ts";
import type { Caches } from "./snapshot.ts";

/** Label values of one pool's figures. */
export interface PoolSample {
  pool: string;
  state: "size" | "used" | "free";
  value: number;
}

/**
 * The figures of every pool in the IPAM ConfigMap and in class parameter ConfigMaps. A pool is named
 * `<namespace>/<configmap>:<key>` (for example `kube-system/kubevip:range-global`).
 */
export function poolSamples(caches: Caches, inUse: AddressesInUse): PoolSample[] {
  const sources = [
    ...caches.ipamConfigMap.list(),
    ...caches.gatewayClasses.list().flatMap((cls) => {
      const ref = cls.spec.parametersRef;
      if (!ref || ref.kind !== "ConfigMap" || !ref.namespace) return [];
      const cm = caches.configMaps.get(ref.namespace, ref.name);
      return cm ? [cm] : [];
    }),
  ];
  const samples: PoolSample[] = [];
  for (const cm of new Map(sources.map((c) => [objectKey(c), c])).values()) {
    for (const [key, pool] of parsePoolConfig(cm.data ?? {}).pools) {
      const f = poolFigures(pool, inUse);
      const name = `${objectKey(cm)}:${key}`;
      for (const state of ["size", "used", "free"] as const) {
        samples.push({ pool: name, state, value: Number(f[state]) });
      }
    }
  }
  return samples;
}

/** Counts of objects by condition type and status, e.g. `Programmed/True → 12`. */
export function conditionCounts(
  objects: readonly { conditions?: readonly { type: string; status: string }[] | undefined }[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of objects) {
    for (const c of o.conditions ?? []) {
      const key = `${c.type}/${c.status}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Registers `process_resident_memory_bytes` and the JavaScript heap figures, read at scrape time. */
export function registerProcessMetrics(metrics: Metrics): void {
  const memory = [
    ["process_resident_memory_bytes", "Resident memory size in bytes", "rss"],
    ["l4gw_heap_used_bytes", "JavaScript heap in use, in bytes", "heapUsed"],
    ["l4gw_heap_total_bytes", "JavaScript heap reserved, in bytes", "heapTotal"],
    [
      "l4gw_external_memory_bytes",
      "Memory of objects outside the JavaScript heap (buffers), in bytes",
      "external",
    ],
  ] as const;
  for (const [name, help, field] of memory) {
    new Gauge({
      name,
      help,
      registers: [metrics.registry],
      collect() {
        this.set(Deno.memoryUsage()[field]);
      },
    });
  }
}

/**
 * Registers `l4gw_ipam_pool_addresses{pool,state}`, `l4gw_gateways{condition,status}` and
 * `l4gw_routes{kind,condition,status}` (route parent entries written by `controllerName`).
 */
export function registerProjectMetrics(
  metrics: Metrics,
  caches: Caches,
  inUse: AddressesInUse,
  controllerName: string,
): void {
  new Gauge({
    name: "l4gw_ipam_pool_addresses",
    help: "Addresses of each IPAM pool, by state (size, used, free)",
    labelNames: ["pool", "state"],
    registers: [metrics.registry],
    collect() {
      this.reset();
      for (const s of poolSamples(caches, inUse)) {
        this.set({ pool: s.pool, state: s.state }, s.value);
      }
    },
  });
  new Gauge({
    name: "l4gw_gateways",
    help: "Gateways by condition type and status",
    labelNames: ["condition", "status"],
    registers: [metrics.registry],
    collect() {
      this.reset();
      const counts = conditionCounts(
        caches.gateways.list().map((g) => ({ conditions: g.status?.conditions })),
      );
      for (const [key, n] of counts) {
        const [condition, status] = key.split("/");
        this.set({ condition: condition!, status: status! }, n);
      }
    },
  });
  new Gauge({
    name: "l4gw_routes",
    help:
      "Route parent entries written by this controller, by route kind, condition type and status",
    labelNames: ["kind", "condition", "status"],
    registers: [metrics.registry],
    collect() {
      this.reset();
      for (
        const [kind, cache] of [["TCPRoute", caches.tcpRoutes], [
          "UDPRoute",
          caches.udpRoutes,
        ]] as const
      ) {
        const parents = (cache?.list() ?? []).flatMap((r) => r.status?.parents ?? [])
          .filter((p) => p.controllerName === controllerName);
        for (const [key, n] of conditionCounts(parents)) {
          const [condition, status] = key.split("/");
          this.set({ kind, condition: condition!, status: status! }, n);
        }
      }
    },
  });
}
