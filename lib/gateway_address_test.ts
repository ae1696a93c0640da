import assert from "node:assert/strict";
import { decideAddress, staticRequest } from "./gateway_address.ts";
import { AddressesInUse, parsePoolConfig, selectPool } from "./ipam.ts";
import type { Gateway } from "./types/mod.ts";

const pool = selectPool("apps", {
  config: parsePoolConfig({ "range-global": "10.0.0.10-10.0.0.12" }),
});
const gw = (addresses?: Gateway["spec"]["addresses"]): Gateway => ({
  metadata: { namespace: "apps", name: "gw" },
  spec: { gatewayClassName: "l4", listeners: [], ...(addresses ? { addresses } : {}) },
});
const request = (gateway: Gateway, inUse: AddressesInUse, previous: string[] = []) =>
  decideAddress({
    gateway,
    owner: "Gateway apps/gw",
    ipam: "internal",
    pool,
    poolSource: "no pool",
    inUse,
    ownOwners: new Set(["Gateway apps/gw", "Service apps/gw-l4"]),
    previous,
  });

Deno.test("spec.addresses splits into unsupported types, the request and extras", () => {
  assert.deepEqual(
    staticRequest(
      gw([{ type: "Hostname", value: "x" }, { value: "10.0.0.11" }, { value: "10.0.0.12" }]),
    ),
    { unsupported: ["Hostname x"], requested: "10.0.0.11", extra: ["10.0.0.12"] },
  );
});

Deno.test("an address held by this Gateway's own Service is kept, not reallocated", () => {
  const inUse = new AddressesInUse();
  inUse.add("10.0.0.11", "Service apps/gw-l4");
  const out = request(gw(), inUse.overlay(), ["10.0.0.11"]);
  assert.deepEqual(out, { kind: "assigned", address: "10.0.0.11" });
});

Deno.test("the allocation is recorded in the pass's view for the next Gateway", () => {
  const view = new AddressesInUse().overlay();
  const out = request(gw(), view);
  assert.equal(out.kind === "assigned" && out.address, "10.0.0.10");
  assert.deepEqual(view.owners("10.0.0.10"), ["Gateway apps/gw"]);
});

Deno.test("of two Gateways holding one address, the one sorting first keeps it", () => {
  const inUse = new AddressesInUse();
  inUse.add("10.0.0.10", "Gateway apps/a-older");
  const out = request(gw(), inUse.overlay(), ["10.0.0.10"]);
  assert.equal(out.kind === "assigned" && out.address, "10.0.0.11");
  assert.match(
    out.kind === "assigned" ? out.replaced ?? "" : "",
    /also held by Gateway apps\/a-older/,
  );
});

Deno.test("a requested address used by someone else is not usable, naming them", () => {
  const inUse = new AddressesInUse();
  inUse.add("10.0.0.12", "Service web/legacy");
  const out = request(gw([{ value: "10.0.0.12" }]), inUse.overlay());
  assert.deepEqual(out, {
    kind: "failed",
    reason: "AddressNotUsable",
    message: "Requested address 10.0.0.12 is already in use by Service web/legacy",
  });
});
