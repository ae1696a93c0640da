import assert from "node:assert/strict";
import type { Gateway, L4Route } from "../lib/types/mod.ts";
import { type DemoState, renderSummary, table, unconverged } from "./demo_summary.ts";

const ltt = "2026-01-01T00:00:00Z";
const gateway: Gateway = {
  metadata: { namespace: "demo", name: "edge", generation: 1 },
  spec: { gatewayClassName: "kv", listeners: [{ name: "pg", protocol: "TCP", port: 5432 }] },
  status: {
    addresses: [{ type: "IPAddress", value: "172.18.100.10" }],
    conditions: [{
      type: "Programmed",
      status: "True",
      reason: "Programmed",
      message: "",
      lastTransitionTime: ltt,
      observedGeneration: 1,
    }],
    listeners: [{ name: "pg", supportedKinds: [], attachedRoutes: 1, conditions: [] }],
  },
};
const route = (generation: number, observed: number): L4Route => ({
  kind: "TCPRoute",
  metadata: { namespace: "demo", name: "admin", generation },
  spec: { parentRefs: [{ name: "edge", sectionName: "pg" }], rules: [] },
  status: {
    parents: [{
      parentRef: { name: "edge", sectionName: "pg" },
      controllerName: "kube-vip.io/controller",
      conditions: [
        {
          type: "Accepted",
          status: "True",
          reason: "Accepted",
          message: "ok",
          lastTransitionTime: ltt,
          observedGeneration: observed,
        },
        {
          type: "ResolvedRefs",
          status: "False",
          reason: "BackendNotFound",
          message: "Service demo/admin-api does not exist",
          lastTransitionTime: ltt,
          observedGeneration: observed,
        },
      ],
    }],
  },
});
const state = (r: L4Route): DemoState => ({
  gateways: [gateway],
  routes: [r],
  services: [],
  endpointSlices: [],
  controllerName: "kube-vip.io/controller",
});

Deno.test("the demo converges only when every route has our status for its current generation", () => {
  assert.deepEqual(unconverged(state(route(1, 1))), []);
  assert.deepEqual(unconverged(state(route(2, 1))), [
    "TCPRoute demo/admin has no current status from l4gw",
  ]);
});

Deno.test("the summary shows addresses, attached routes and why a route carries no traffic", () => {
  const text = renderSummary(state(route(1, 1)));
  assert.match(text, /demo\/edge\s+172\.18\.100\.10\s+True\s+pg TCP\/5432 \(1\)/);
  assert.match(text, /TCPRoute demo\/admin\s+demo\/edge\/pg\s+True\s+False \(BackendNotFound\)/);
  assert.match(text, /TCPRoute demo\/admin: Service demo\/admin-api does not exist/);
});

Deno.test("tables align their columns", () => {
  assert.equal(table(["A", "BB"], [["long", "x"]]), "  A     BB\n  long  x");
});
