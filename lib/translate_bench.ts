/**
 * Benchmark of `translate()`: one pass over N Gateways (2 listeners each: TCP and UDP), N routes
 * (one per Gateway, two backends each) and 2N Services with one EndpointSlice of 3 endpoints each,
 * spread over 100 namespaces, with a /16 pool. Prints the median of several passes for N = 1,000
 * and N = 10,000 (first pass: every address allocated, every object to create; steady pass: the state
 * after the first pass's writes), and the ratio between the two sizes.
 *
 * Run: `deno task bench translate`.
 *
 * @module
 */
import { DEFAULT_CONFIG } from "./translate_yaml.ts";
import { translate } from "./translate.ts";
import { applyResult } from "./translate_apply.ts";
import { addressesInUseOf } from "./snapshot.ts";
import type { TranslateInput } from "./translate_types.ts";
import type { EndpointSlice, Gateway, L4Route, Namespace, Service } from "./types/mod.ts";

/** A synthetic cluster of `n` Gateways. */
export function syntheticCluster(n: number): TranslateInput {
  const namespaces: Namespace[] = [];
  for (let i = 0; i < 100; i++) namespaces.push({ metadata: { name: `ns-${i}` } });
  const gateways: Gateway[] = [];
  const tcpRoutes: L4Route[] = [];
  const services: Service[] = [];
  const endpointSlices: EndpointSlice[] = [];
  for (let i = 0; i < n; i++) {
    const ns = `ns-${i % 100}`;
    gateways.push({
      metadata: { name: `gw-${i}`, namespace: ns, uid: `g${i}`, generation: 1 },
      spec: {
        gatewayClassName: "l4",
        listeners: [
          { name: "db", port: 5432, protocol: "TCP" },
          { name: "dns", port: 53, protocol: "UDP" },
        ],
      },
    });
    tcpRoutes.push({
      metadata: { name: `route-${i}`, namespace: ns, generation: 1 },
      spec: {
        parentRefs: [{ name: `gw-${i}`, sectionName: "db" }],
        rules: [{
          backendRefs: [{ name: `svc-${2 * i}`, port: 80 }, { name: `svc-${2 * i + 1}`, port: 80 }],
        }],
      },
    });
    for (const s of [2 * i, 2 * i + 1]) {
      services.push({
        metadata: { name: `svc-${s}`, namespace: ns },
        spec: {
          selector: { app: `a${s}` },
          ports: [{ name: "http", port: 80, targetPort: "http" }],
        },
      });
      endpointSlices.push({
        metadata: {
          name: `svc-${s}-x`,
          namespace: ns,
          labels: { "kubernetes.io/service-name": `svc-${s}` },
        },
        addressType: "IPv4",
        ports: [{ name: "http", protocol: "TCP", port: 8080 }],
        endpoints: [1, 2, 3].map((k) => ({
          addresses: [`10.${(s >> 8) & 255}.${s & 255}.${k}`],
          nodeName: `node-${k}`,
          conditions: { ready: true },
        })),
      });
    }
  }
  return {
    gatewayClasses: [{
      metadata: { name: "l4" },
      spec: { controllerName: DEFAULT_CONFIG.controllerName },
    }],
    gateways,
    tcpRoutes,
    services,
    endpointSlices,
    namespaces,
    configMaps: [{
      metadata: { name: "kubevip", namespace: "kube-system" },
      data: { "cidr-global": "10.200.0.0/16" },
    }],
    config: DEFAULT_CONFIG,
    now: Date.UTC(2026, 0, 1),
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(input: TranslateInput, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    translate(input);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function scoped(full: TranslateInput, index: number): TranslateInput {
  const gw = full.gateways![index]!;
  const key = `${gw.metadata.namespace}/${gw.metadata.name}`;
  const route = full.tcpRoutes![index]!;
  const backends = new Set(
    route.spec.rules[0]!.backendRefs!.map((b) => `${route.metadata.namespace}/${b.name}`),
  );
  const mine = (
    o: { metadata: { namespace?: string; name?: string; annotations?: Record<string, string> } },
  ) =>
    o.metadata.annotations?.["l4gw.io/gateway"] === key ||
    backends.has(`${o.metadata.namespace}/${o.metadata.name}`);
  return {
    ...full,
    gateways: [gw],
    tcpRoutes: [route],
    services: full.services!.filter(mine),
    endpointSlices: full.endpointSlices!.filter((s) =>
      mine(s) ||
      backends.has(`${s.metadata.namespace}/${s.metadata.labels?.["kubernetes.io/service-name"]}`)
    ),
    scope: { gateways: [key] },
  };
}

if (import.meta.main) {
  const figures: Record<number, { first: number; steady: number }> = {};
  for (const [n, runs] of [[1_000, 9], [10_000, 5]] as const) {
    const input = syntheticCluster(n);
    translate(input); // warm-up (JIT)
    const first = time(input, runs);
    const steadyInput = applyResult(input, translate(input));
    const steady = time(steadyInput, runs);
    const view = addressesInUseOf(steadyInput.gateways ?? [], steadyInput.services ?? []);
    const withView = time({ ...steadyInput, addressesInUse: view }, runs);
    figures[n] = { first, steady };
    console.log(
      `translate, ${n} Gateways (2 listeners), ${n} routes, ${2 * n} Services + slices: ` +
        `first pass ${first.toFixed(1)} ms, steady pass ${steady.toFixed(1)} ms, steady pass ` +
        `with the controller's address view ${withView.toFixed(1)} ms (median of ${runs})`,
    );
    if (n === 10_000) {
      const one = { ...scoped(steadyInput, 4_321), addressesInUse: view };
      console.log(
        `scoped pass (one Gateway of ${n}, its route, backends and objects): ` +
          `${time(one, 101).toFixed(3)} ms (median of 101)`,
      );
    }
  }
  const r = (k: "first" | "steady") => (figures[10_000]![k] / figures[1_000]![k]).toFixed(1);
  console.log(
    `scaling 1,000 → 10,000: first pass ×${r("first")}, steady pass ×${
      r("steady")
    } (linear is ×10)`,
  );
}
