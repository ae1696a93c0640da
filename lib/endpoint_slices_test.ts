import assert from "node:assert/strict";
import type { Backend } from "./backends.ts";
import { buildEndpointSlices } from "./endpoint_slices.ts";
import type { EndpointSlice } from "./types/mod.ts";

const backend = (name: string, weight = 1, portName = "http"): Backend => ({
  ref: { name, port: 80 },
  namespace: "apps",
  name,
  port: 80,
  weight,
  service: { metadata: { namespace: "apps", name } },
  servicePort: { name: portName, port: 80, targetPort: "http" },
});

const slice = (
  service: string,
  port: number,
  ips: string[],
  extra: Partial<EndpointSlice> = {},
) => ({
  metadata: {
    namespace: "apps",
    name: `${service}-x`,
    labels: { "kubernetes.io/service-name": service },
  },
  addressType: "IPv4" as const,
  ports: [{ name: "http", protocol: "TCP" as const, port }],
  endpoints: ips.map((ip) => ({
    addresses: [ip],
    nodeName: "n1",
    zone: "z1",
    conditions: { ready: true },
  })),
  ...extra,
});

const slices = new Map<string, EndpointSlice[]>([
  ["apps/a", [slice("a", 8080, ["10.1.0.1", "10.1.0.2"]), slice("a", 9090, ["10.1.0.3"])]],
  ["apps/b", [slice("b", 8080, ["10.1.0.9"])]],
]);

const build = (backends: Backend[], max?: number) =>
  buildEndpointSlices({
    serviceName: "gw-l4",
    namespace: "gw",
    labels: { owner: "us" },
    annotations: {},
    listeners: [{ portName: "db", protocol: "TCP", backends }],
    slicesOf: (k) => slices.get(k) ?? [],
    ...(max ? { maxEndpoints: max } : {}),
  });

Deno.test("endpoints are grouped by resolved port, with node and readiness copied", () => {
  const out = build([backend("a")]);
  assert.deepEqual(out.map((s) => s.ports?.[0]?.port), [8080, 9090]);
  assert.deepEqual(out[0]!.endpoints?.[0], {
    addresses: ["10.1.0.1"],
    conditions: { ready: true },
    nodeName: "n1",
    zone: "z1",
  });
  assert.equal(out[0]!.metadata.labels?.["kubernetes.io/service-name"], "gw-l4");
  assert.equal(out[0]!.ports?.[0]?.name, "db");
});

Deno.test("weight-0 backends are left out", () => {
  const out = build([backend("a", 0), backend("b")]);
  assert.deepEqual(out.flatMap((s) => s.endpoints?.map((e) => e.addresses[0])), ["10.1.0.9"]);
});

Deno.test("slices hold at most the maximum number of endpoints and keep stable names", () => {
  const out = build([backend("a"), backend("b")], 2);
  assert.deepEqual(out.map((s) => s.endpoints?.length), [2, 1, 1]);
  assert.deepEqual(
    build([backend("a"), backend("b")], 2).map((s) => s.metadata.name),
    out.map((s) => s.metadata.name),
  );
  assert.equal(new Set(out.map((s) => s.metadata.name)).size, 3);
});

Deno.test("a backend port name that its slices do not carry gives no endpoints", () => {
  assert.deepEqual(build([backend("a", 1, "grpc")]), []);
});
