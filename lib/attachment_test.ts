import assert from "node:assert/strict";
import { attach, gatewayKeyOf } from "./attachment.ts";
import { evaluateListeners } from "./listeners.ts";
import type { Listener } from "./types/mod.ts";

const labels = (ns: string) => ({
  "kubernetes.io/metadata.name": ns,
  ...(ns === "apps" ? { team: "a" } : {}),
});

function run(
  listeners: Listener[],
  ref: { sectionName?: string; port?: number },
  routeNamespace = "gw-ns",
) {
  return attach({
    ref: { name: "gw", namespace: "gw-ns", ...ref },
    routeKind: "TCPRoute",
    routeNamespace,
    gatewayNamespace: "gw-ns",
    gatewayName: "gw",
    verdicts: evaluateListeners(listeners),
    namespaceLabels: labels,
  });
}

const tcp = (name: string, port: number, extra: Partial<Listener> = {}): Listener => ({
  name,
  port,
  protocol: "TCP",
  ...extra,
});

Deno.test("a parentRef without sectionName or port attaches to every listener that admits the route", () => {
  const out = run([tcp("a", 1), tcp("b", 2), { name: "u", port: 3, protocol: "UDP" }], {});
  assert.deepEqual(out.listeners, ["a", "b"]);
  assert.equal(out.reason, "Accepted");
});

Deno.test("sectionName and port must both match when both are given", () => {
  assert.equal(run([tcp("a", 1)], { sectionName: "a", port: 2 }).reason, "NoMatchingParent");
  assert.deepEqual(run([tcp("a", 1), tcp("b", 1)], { port: 1 }).listeners, ["a", "b"]);
});

Deno.test("a UDP-only match refuses a TCPRoute with NotAllowedByListeners", () => {
  const out = run([{ name: "u", port: 3, protocol: "UDP" }], { sectionName: "u" });
  assert.equal(out.reason, "NotAllowedByListeners");
  assert.match(out.message, /accepts UDPRoute, not TCPRoute/);
});

Deno.test("allowedRoutes Same, All and Selector decide by the route's namespace", () => {
  assert.equal(run([tcp("a", 1)], {}, "apps").reason, "NotAllowedByListeners");
  const all = tcp("a", 1, { allowedRoutes: { namespaces: { from: "All" } } });
  assert.equal(run([all], {}, "apps").reason, "Accepted");
  const sel = tcp("a", 1, {
    allowedRoutes: { namespaces: { from: "Selector", selector: { matchLabels: { team: "a" } } } },
  });
  assert.equal(run([sel], {}, "apps").reason, "Accepted");
  assert.equal(run([sel], {}, "other").reason, "NotAllowedByListeners");
});

Deno.test("parentRefs to other kinds are not Gateways of ours", () => {
  assert.equal(gatewayKeyOf({ name: "x", kind: "Service", group: "" }, "a"), undefined);
  assert.equal(gatewayKeyOf({ name: "x" }, "a"), "a/x");
});
