import assert from "node:assert/strict";
import { evaluateListeners, findConflicts } from "./listeners.ts";

Deno.test("TCP and UDP listeners are accepted and support their route kind", () => {
  const [tcp, udp] = evaluateListeners([
    { name: "t", port: 53, protocol: "TCP" },
    { name: "u", port: 53, protocol: "UDP" },
  ]);
  assert.equal(tcp!.accepted, true);
  assert.deepEqual(tcp!.supportedKinds, [{ group: "gateway.networking.k8s.io", kind: "TCPRoute" }]);
  assert.equal(udp!.accepted, true);
  assert.equal(udp!.conflict, undefined);
});

Deno.test("HTTP listeners are rejected with UnsupportedProtocol and no supported kinds", () => {
  const [http] = evaluateListeners([{ name: "web", port: 80, protocol: "HTTP" }]);
  assert.equal(http!.accepted, false);
  assert.equal(http!.acceptedReason, "UnsupportedProtocol");
  assert.deepEqual(http!.supportedKinds, []);
});

Deno.test("two TCP listeners on one port are both conflicted", () => {
  const conflicts = findConflicts([
    { name: "a", port: 80, protocol: "TCP" },
    { name: "b", port: 80, protocol: "TCP" },
    { name: "c", port: 81, protocol: "TCP" },
  ]);
  assert.deepEqual([...conflicts.keys()], ["a", "b"]);
});

Deno.test("a TCP listener and an HTTP listener on one port are both conflicted", () => {
  const [tcp, http] = evaluateListeners([
    { name: "t", port: 80, protocol: "TCP" },
    { name: "h", port: 80, protocol: "HTTP" },
  ]);
  assert.equal(tcp!.acceptedReason, "ProtocolConflict");
  assert.match(tcp!.conflict!, /listener h \(HTTP\)/);
  assert.equal(http!.acceptedReason, "UnsupportedProtocol");
  assert.ok(http!.conflict);
});

Deno.test("a kind the listener cannot serve is reported and left out of supportedKinds", () => {
  const [v] = evaluateListeners([{
    name: "t",
    port: 80,
    protocol: "TCP",
    allowedRoutes: { kinds: [{ kind: "HTTPRoute" }, { kind: "TCPRoute" }] },
  }]);
  assert.deepEqual(v!.invalidKinds, ["gateway.networking.k8s.io/HTTPRoute"]);
  assert.deepEqual(v!.supportedKinds, [{ group: "gateway.networking.k8s.io", kind: "TCPRoute" }]);
});
