import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import type { Gateway, Service } from "../lib/types/mod.ts";
import { AddressBook } from "./address_book.ts";

const gateway = (name: string, ...ips: string[]): Gateway => ({
  metadata: { namespace: "demo", name },
  spec: { gatewayClassName: "c", listeners: [] },
  status: { addresses: ips.map((value) => ({ type: "IPAddress", value })) },
});
const service = (
  name: string,
  annotations: Record<string, string>,
  ingress: string[] = [],
): Service => ({
  metadata: { namespace: "demo", name, annotations },
  status: { loadBalancer: { ingress: ingress.map((ip) => ({ ip })) } },
});

Deno.test("addresses of Gateways and of every announcer's Service annotations are in use, with owners", () => {
  const book = new AddressBook();
  book.gatewayHandler().onAdd(gateway("edge", "10.0.0.10"));
  book.serviceHandler().onAdd(
    service("web", { "metallb.io/loadBalancerIPs": "10.0.0.11" }, ["10.0.0.12"]),
  );
  assert.deepEqual(book.inUse.owners("10.0.0.10"), ["Gateway demo/edge"]);
  assert.deepEqual(book.inUse.owners("10.0.0.11"), ["Service demo/web"]);
  assert.deepEqual(book.inUse.owners("10.0.0.12"), ["Service demo/web"]);
});

Deno.test("an address is reported freed only when its last holder lets go of it", () => {
  const freed: string[] = [];
  const book = new AddressBook({ onFreed: (a) => freed.push(a) });
  const gw = gateway("edge", "10.0.0.10");
  const svc = service("edge-kube-vip", { "kube-vip.io/loadbalancerIPs": "10.0.0.10" });
  book.gatewayHandler().onAdd(gw);
  book.serviceHandler().onAdd(svc);
  book.gatewayHandler().onDelete(gw);
  assert.deepEqual(freed, [], "the Service still holds it");
  book.serviceHandler().onUpdate(svc, service("edge-kube-vip", {}));
  assert.deepEqual(freed, ["10.0.0.10"]);
  assert.equal(book.inUse.has("10.0.0.10"), false);
});

Deno.test("an allocation stays pending until the Gateway shows it, and is dropped when the Gateway goes", () => {
  const clock = new FakeClock(0);
  const book = new AddressBook({ clock });
  book.recordAllocations([{ address: "10.0.0.20", owner: "Gateway demo/a" }, {
    address: "10.0.0.21",
    owner: "Gateway demo/b",
  }]);
  assert.deepEqual(
    book.pendingAddresses(),
    new Map([["Gateway demo/a", "10.0.0.20"], ["Gateway demo/b", "10.0.0.21"]]),
  );
  book.gatewayHandler().onAdd(gateway("a", "10.0.0.20"));
  book.gatewayHandler().onDelete(gateway("b"));
  assert.deepEqual(book.pendingAddresses(), new Map());
});

Deno.test("a restart rebuilds the same view from the cluster alone", () => {
  const objects = {
    gw: gateway("edge", "10.0.0.10"),
    svc: service("x", { "kube-vip.io/loadbalancerIPs": "10.0.0.30" }),
  };
  const build = () => {
    const book = new AddressBook();
    book.gatewayHandler().onAdd(objects.gw);
    book.serviceHandler().onAdd(objects.svc);
    return ["10.0.0.10", "10.0.0.30", "10.0.0.31"].map((a) => book.inUse.owners(a));
  };
  assert.deepEqual(build(), build());
  assert.deepEqual(build()[2], []);
});

Deno.test("the view a pass allocates against holds other Gateways' pending allocations, and leaves the shared view alone", () => {
  const book = new AddressBook();
  book.recordAllocations([{ address: "10.0.0.20", owner: "Gateway demo/a" }]);
  const view = book.view();
  assert.deepEqual(view.owners("10.0.0.20"), ["Gateway demo/a"], "b's pass sees a's allocation");
  view.add("10.0.0.21", "Gateway demo/b");
  assert.equal(book.inUse.has("10.0.0.21"), false, "a pass writes only to its overlay");
  assert.equal(book.inUse.has("10.0.0.20"), false, "pending entries are not in the shared view");
});
