/**
 * End to end: Gateway addresses from the pool, as operators see them in status.
 */
import assert from "node:assert/strict";
import type { Gateway, Service } from "../../lib/types/mod.ts";
import { conditionOf, eventually, startCluster } from "../helpers/cluster.ts";
import { basics, docs, gateway, GW, listener } from "../helpers/fixtures.ts";

const read = (cluster: Awaited<ReturnType<typeof startCluster>>, name: string) => () =>
  cluster.get<Gateway>(GW, "Gateway", "apps", name);
const reason = (g: Gateway, type: string) =>
  `${conditionOf(g, type)?.status}/${conditionOf(g, type)?.reason}`;

Deno.test("a requested static address is honoured inside the pool, and refused with the reason when it cannot be used", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics({ "range-global": "172.18.100.10-172.18.100.30" }));
  cluster.apply(docs({
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      namespace: "apps",
      name: "legacy",
      annotations: { "kube-vip.io/loadbalancerIPs": "172.18.100.25" },
    },
    spec: { type: "LoadBalancer", ports: [{ port: 22 }] },
  }));
  cluster.apply(docs(
    gateway("apps", "inside", [listener("a", "TCP", 1000)], [{
      type: "IPAddress",
      value: "172.18.100.20",
    }]),
    gateway("apps", "outside", [listener("a", "TCP", 1000)], [{
      type: "IPAddress",
      value: "172.18.100.40",
    }]),
    gateway("apps", "taken", [listener("a", "TCP", 1000)], [{
      type: "IPAddress",
      value: "172.18.100.25",
    }]),
    gateway("apps", "hostname", [listener("a", "TCP", 1000)], [{
      type: "Hostname",
      value: "lb.example.com",
    }]),
  ));
  await cluster.startController();

  const inside = await eventually(
    read(cluster, "inside"),
    (g) => reason(g, "Programmed") === "True/Programmed",
    "inside Programmed",
  );
  assert.deepEqual(inside.status?.addresses, [{ type: "IPAddress", value: "172.18.100.20" }]);
  assert.equal(
    cluster.get<Service>("v1", "Service", "apps", "inside-l4")?.metadata.annotations
      ?.["kube-vip.io/loadbalancerIPs"],
    "172.18.100.20",
  );

  const outside = await eventually(
    read(cluster, "outside"),
    (g) => reason(g, "Programmed") === "False/AddressNotUsable",
    "outside refused",
  );
  assert.match(
    conditionOf(outside, "Programmed")!.message,
    /172\.18\.100\.40 is outside pool range-global \(172\.18\.100\.10-172\.18\.100\.30\)/,
  );

  const taken = await eventually(
    read(cluster, "taken"),
    (g) => reason(g, "Programmed") === "False/AddressNotUsable",
    "taken refused",
  );
  assert.match(
    conditionOf(taken, "Programmed")!.message,
    /172\.18\.100\.25 .*in use by Service apps\/legacy/,
  );

  const hostname = await eventually(
    read(cluster, "hostname"),
    (g) => reason(g, "Accepted") === "False/UnsupportedAddress",
    "hostname refused",
  );
  assert.match(conditionOf(hostname, "Accepted")!.message, /Hostname/);
  for (const name of ["outside", "taken", "hostname"]) {
    assert.equal(
      cluster.get("v1", "Service", "apps", `${name}-l4`),
      undefined,
      `nothing is made for ${name}`,
    );
  }
});

Deno.test("an exhausted pool says so, and a freed address serves the waiting Gateway without any other change", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics({ "range-global": "172.18.100.10-172.18.100.11" }));
  cluster.apply(
    docs(
      gateway("apps", "one", [listener("a", "TCP", 1000)]),
      gateway("apps", "two", [listener("a", "TCP", 1000)]),
    ),
  );
  await cluster.startController();
  const addresses = await Promise.all(
    ["one", "two"].map((n) =>
      eventually(
        read(cluster, n),
        (g) => reason(g, "Programmed") === "True/Programmed",
        `${n} Programmed`,
      )
        .then((g) => g.status!.addresses![0]!.value)
    ),
  );
  assert.deepEqual(
    addresses.sort(),
    ["172.18.100.10", "172.18.100.11"],
    "never the same address twice",
  );

  cluster.apply(docs(gateway("apps", "three", [listener("a", "TCP", 1000)])));
  const waiting = await eventually(
    read(cluster, "three"),
    (g) => reason(g, "Programmed") === "False/AddressNotAssigned",
    "three waiting",
  );
  assert.match(conditionOf(waiting, "Programmed")!.message, /range-global/);

  cluster.remove(GW, "Gateway", "apps", "one");
  const served = await eventually(
    read(cluster, "three"),
    (g) => reason(g, "Programmed") === "True/Programmed",
    "three served",
  );
  const freed = cluster.get<Gateway>(GW, "Gateway", "apps", "two")!.status!.addresses![0]!.value ===
      "172.18.100.10"
    ? "172.18.100.11"
    : "172.18.100.10";
  assert.deepEqual(served.status?.addresses, [{ type: "IPAddress", value: freed }]);
});
