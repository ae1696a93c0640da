import assert from "node:assert/strict";
import { AddressesInUse } from "./in_use.ts";
import { gatewayAddresses, ownerName, serviceAddresses, updateOwner } from "./objects.ts";

Deno.test("a Service's annotation, spec.loadBalancerIP and status ingress all count, once each", () => {
  const addresses = serviceAddresses({
    metadata: { annotations: { "kube-vip.io/loadbalancerIPs": " 10.0.0.5 ,2001:db8::5,," } },
    spec: { loadBalancerIP: "10.0.0.6" },
    status: { loadBalancer: { ingress: [{ ip: "10.0.0.5" }, {}, { ip: "10.0.0.7" }] } },
  });
  assert.deepEqual(addresses, ["10.0.0.5", "2001:db8::5", "10.0.0.6", "10.0.0.7"]);
  assert.deepEqual(serviceAddresses({}), []);
});

Deno.test("a Gateway's IPAddress status addresses count, hostnames do not", () => {
  const addresses = gatewayAddresses({
    status: {
      addresses: [
        { type: "IPAddress", value: "10.0.0.7" },
        { value: "2001:db8::7" },
        { type: "Hostname", value: "gw.example.com" },
      ],
    },
  });
  assert.deepEqual(addresses, ["10.0.0.7", "2001:db8::7"]);
});

Deno.test("informer events move an owner's addresses and report text that is no address", () => {
  const inUse = new AddressesInUse();
  const owner = ownerName("Service", "team-a", "web");
  assert.deepEqual(updateOwner(inUse, owner, [], ["10.0.0.5", "10.0.0.6"]), []);
  assert.deepEqual(
    updateOwner(inUse, owner, ["10.0.0.5", "10.0.0.6"], ["10.0.0.6", "lb.example.com"]),
    ["lb.example.com"],
  );
  assert.equal(inUse.has("10.0.0.5"), false);
  assert.deepEqual(inUse.owners("10.0.0.6"), ["Service team-a/web"]);
  updateOwner(inUse, owner, ["10.0.0.6", "lb.example.com"], []);
  assert.equal(inUse.size, 0);
});

Deno.test("after a restart the view built from the cluster's objects alone knows every address", () => {
  const services = [
    {
      metadata: { namespace: "a", name: "web", annotations: {} },
      spec: { loadBalancerIP: "10.0.0.1" },
    },
  ];
  const gateways = [
    { metadata: { namespace: "a", name: "gw" }, status: { addresses: [{ value: "10.0.0.2" }] } },
  ];
  const inUse = new AddressesInUse();
  for (const s of services) {
    updateOwner(
      inUse,
      ownerName("Service", s.metadata.namespace, s.metadata.name),
      [],
      serviceAddresses(s),
    );
  }
  for (const g of gateways) {
    updateOwner(
      inUse,
      ownerName("Gateway", g.metadata.namespace, g.metadata.name),
      [],
      gatewayAddresses(g),
    );
  }
  assert.deepEqual(inUse.owners("10.0.0.1"), ["Service a/web"]);
  assert.deepEqual(inUse.owners("10.0.0.2"), ["Gateway a/gw"]);
});
