import assert from "node:assert/strict";
import { PREVIOUS_ANNOTATION, readPrevious, restore, takeOver } from "./service_update.ts";
import type { Service } from "./types/mod.ts";

const user: Service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: {
    namespace: "apps",
    name: "web",
    labels: { app: "web" },
    annotations: { note: "mine" },
  },
  spec: {
    type: "ClusterIP",
    clusterIP: "10.96.0.5",
    selector: { app: "web" },
    ports: [{ name: "http", port: 80, targetPort: 8080 }],
  },
};
const change = {
  labels: { implementation: "kube-vip", app: "web-gw" },
  annotations: { "kube-vip.io/loadbalancerIPs": "10.0.0.5" },
  ports: [{ name: "tcp", protocol: "TCP" as const, port: 9000, targetPort: 8080 }],
};

Deno.test("update makes the Service a LoadBalancer with the address and records what it changed", () => {
  const out = takeOver(user, change);
  assert.equal(out.ok, true);
  if (!out.ok) return;
  assert.equal(out.service.spec?.type, "LoadBalancer");
  assert.deepEqual(out.service.spec?.ports?.map((p) => p.port), [80, 9000]);
  assert.equal(out.service.metadata.annotations?.["kube-vip.io/loadbalancerIPs"], "10.0.0.5");
  assert.deepEqual(readPrevious(out.service), {
    spec: { ports: user.spec!.ports, type: "ClusterIP" },
    labels: { app: "web", implementation: null },
    annotations: { "kube-vip.io/loadbalancerIPs": null },
  });
});

Deno.test("restore puts the Service back exactly, even after server-set nodePorts", () => {
  const out = takeOver(user, change);
  if (!out.ok) throw new Error("takeOver failed");
  const served = structuredClone(out.service);
  served.spec!.ports = served.spec!.ports!.map((p, i) => ({ ...p, nodePort: 30000 + i }));
  served.spec!.externalTrafficPolicy = "Cluster";
  assert.deepEqual(restore(served), user);
});

Deno.test("taking over twice keeps the first record and the same shape", () => {
  const once = takeOver(user, change);
  if (!once.ok) throw new Error("takeOver failed");
  const twice = takeOver(once.service, change);
  assert.deepEqual(twice.ok && twice.service, once.service);
  assert.ok(once.service.metadata.annotations?.[PREVIOUS_ANNOTATION]);
});

Deno.test("a listener port already used for another target is refused by name", () => {
  const out = takeOver(user, {
    ...change,
    ports: [{ protocol: "TCP", port: 80, targetPort: 9999 }],
  });
  assert.equal(out.ok, false);
  assert.match(out.ok ? "" : out.message, /already uses TCP port 80 for target 8080/);
});
