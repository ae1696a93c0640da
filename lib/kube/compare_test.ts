import assert from "node:assert/strict";
import type { Service } from "../types/mod.ts";
import { deepEqual, isSubset, mergeForUpdate, needsUpdate } from "./compare.ts";

const desired: Service = {
  metadata: {
    namespace: "team-a",
    name: "gw-kube-vip",
    labels: { implementation: "kube-vip" },
    annotations: { "kube-vip.io/loadbalancerIPs": "172.18.100.10" },
  },
  spec: {
    type: "LoadBalancer",
    ports: [{ name: "tcp-5432", port: 5432, protocol: "TCP" }],
  },
};

/** What the API server returns for `desired` (SVC-1): defaults and allocations added. */
function asStored(s: Service): Service {
  const copy = structuredClone(s);
  copy.metadata = {
    ...copy.metadata,
    uid: "u1",
    resourceVersion: "17",
    creationTimestamp: "2026-01-01T00:00:00Z",
    labels: { ...copy.metadata.labels, "team": "added-by-someone-else" },
    managedFields: [{ manager: "l4gw" }],
  };
  copy.spec = {
    ...copy.spec,
    ports: copy.spec!.ports!.map((p) => ({ ...p, targetPort: p.port, nodePort: 31234 })),
    clusterIP: "10.96.0.7",
    clusterIPs: ["10.96.0.7"],
    ipFamilies: ["IPv4"],
    ipFamilyPolicy: "SingleStack",
    sessionAffinity: "None",
    externalTrafficPolicy: "Cluster",
    internalTrafficPolicy: "Cluster",
    allocateLoadBalancerNodePorts: true,
  };
  copy.status = { loadBalancer: {} };
  return copy;
}

Deno.test("a Service as the server stored it (defaults, clusterIP, nodePort, others' labels) is unchanged", () => {
  assert.equal(needsUpdate(desired as never, asStored(desired) as never), false);
});

Deno.test("a changed port, annotation, or an extra port is a change", () => {
  const stored = asStored(desired);
  const portChanged = structuredClone(desired);
  portChanged.spec!.ports![0]!.port = 5433;
  assert.equal(needsUpdate(portChanged as never, stored as never), true);
  const annotated = structuredClone(desired);
  annotated.metadata.annotations!["kube-vip.io/loadbalancerIPs"] = "172.18.100.11";
  assert.equal(needsUpdate(annotated as never, stored as never), true);
  const more = structuredClone(desired);
  more.spec!.ports!.push({ name: "udp-53", port: 53, protocol: "UDP" });
  assert.equal(needsUpdate(more as never, stored as never), true);
});

Deno.test("a selector must match exactly: an extra key selects other Pods", () => {
  const withSelector = structuredClone(desired);
  withSelector.spec!.selector = { app: "web" };
  const stored = asStored(withSelector);
  assert.equal(needsUpdate(withSelector as never, stored as never), false);
  stored.spec!.selector = { app: "web", tier: "x" };
  assert.equal(needsUpdate(withSelector as never, stored as never), true);
});

Deno.test("the update body keeps server fields and others' labels and takes our spec", () => {
  const stored = asStored(desired);
  const changed = structuredClone(desired);
  changed.spec!.ports![0]!.port = 6000;
  const body = mergeForUpdate(changed, stored);
  assert.equal(body.metadata.resourceVersion, "17");
  assert.equal(body.metadata.labels?.team, "added-by-someone-else");
  assert.equal(body.metadata.labels?.implementation, "kube-vip");
  assert.equal(body.spec?.ports?.[0]?.port, 6000);
  assert.deepEqual(body.status, { loadBalancer: {} });
  assert.equal(needsUpdate(changed as never, body as never), false);
});

Deno.test("isSubset and deepEqual treat absent and undefined alike", () => {
  assert.ok(isSubset({ a: undefined }, {}));
  assert.ok(isSubset({ a: [1, { b: 2 }] }, { a: [1, { b: 2, c: 3 }] }));
  assert.ok(!isSubset({ a: [1] }, { a: [1, 2] }));
  assert.ok(deepEqual({ a: 1, b: undefined }, { a: 1 }));
  assert.ok(!deepEqual({ a: { b: 1 } }, { a: { b: 1, c: 2 } }));
});
