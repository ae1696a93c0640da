import assert from "node:assert/strict";
import { addressFields, serviceAddresses } from "./announcer.ts";

Deno.test("each announcer profile carries the address in its own field", () => {
  assert.deepEqual(addressFields("kube-vip", "10.0.0.5", false), {
    annotations: { "kube-vip.io/loadbalancerIPs": "10.0.0.5" },
  });
  assert.deepEqual(addressFields("metallb", "10.0.0.5", false), {
    annotations: { "metallb.io/loadBalancerIPs": "10.0.0.5" },
  });
  assert.deepEqual(addressFields("cilium", "10.0.0.5", false), {
    annotations: { "lbipam.cilium.io/ips": "10.0.0.5" },
  });
  assert.deepEqual(addressFields("generic", "10.0.0.5", false), {
    annotations: {},
    loadBalancerIP: "10.0.0.5",
  });
});

Deno.test("spec.loadBalancerIP is written for other profiles only behind the flag", () => {
  assert.equal(addressFields("kube-vip", "10.0.0.5", true).loadBalancerIP, "10.0.0.5");
  assert.equal(addressFields("kube-vip", "10.0.0.5", false).loadBalancerIP, undefined);
});

Deno.test("the DHCP placeholder reaches kube-vip only", () => {
  assert.deepEqual(addressFields("kube-vip", "0.0.0.0", true), {
    annotations: { "kube-vip.io/loadbalancerIPs": "0.0.0.0" },
  });
  assert.deepEqual(addressFields("metallb", "0.0.0.0", true), { annotations: {} });
});

Deno.test("a Service's addresses come from annotations, loadBalancerIP and ingress", () => {
  assert.deepEqual(
    serviceAddresses({
      metadata: { annotations: { "kube-vip.io/loadbalancerIPs": "10.0.0.1, 10.0.0.2" } },
      spec: { loadBalancerIP: "10.0.0.3" },
      status: { loadBalancer: { ingress: [{ ip: "10.0.0.4" }, { hostname: "x" }] } },
    }),
    ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"],
  );
  assert.deepEqual(
    serviceAddresses({ metadata: { annotations: { "kube-vip.io/loadbalancerIPs": "0.0.0.0" } } }),
    [],
  );
});
