import assert from "node:assert/strict";
import { isOurs, ownerGatewayKey, ownershipLabels } from "./ownership.ts";

const gw = { namespace: "apps", name: "gw", className: "l4" };

Deno.test("objects with our labels are ours and name their Gateway", () => {
  const svc = {
    metadata: { name: "gw-l4", labels: ownershipLabels(gw, "kube-vip.io/controller") },
  };
  assert.equal(isOurs(svc, "kube-vip.io/controller"), true);
  assert.equal(ownerGatewayKey(svc, "kube-vip.io/controller"), "apps/gw");
});

Deno.test("another controller's objects and unlabelled user objects are not ours", () => {
  const other = { metadata: { labels: ownershipLabels(gw, "example.com/other") } };
  assert.equal(isOurs(other, "kube-vip.io/controller"), false);
  assert.equal(ownerGatewayKey({ metadata: {} }, "kube-vip.io/controller"), undefined);
});

Deno.test("the exact Gateway key annotation wins over cut label values", () => {
  const long = "g".repeat(100);
  const labels = ownershipLabels({ ...gw, name: long }, "c");
  const obj = { metadata: { labels, annotations: { "l4gw.io/gateway": `apps/${long}` } } };
  assert.equal(ownerGatewayKey(obj, "c"), `apps/${long}`);
  assert.equal(labels["gateway.networking.k8s.io/gateway-name"]!.length, 63);
});
