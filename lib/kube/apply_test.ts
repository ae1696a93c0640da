import assert from "node:assert/strict";
import type { Gateway, Service } from "../types/mod.ts";
import { applyObject, deleteIfExists, updateStatusIfChanged } from "./apply.ts";
import { withServer } from "./_fixture.ts";
import { GATEWAYS, SERVICES } from "./resources.ts";

const service = (port: number): Service => ({
  metadata: {
    namespace: "default",
    name: "gw-kube-vip",
    labels: { implementation: "kube-vip" },
    annotations: { "kube-vip.io/loadbalancerIPs": "172.18.100.10" },
  },
  spec: { type: "LoadBalancer", ports: [{ name: "tcp", port, protocol: "TCP" }] },
});

Deno.test("create-or-update writes a Service once; the server's defaults and allocations do not cause more writes", async () => {
  await withServer({}, async (server, client) => {
    const first = await applyObject(client, SERVICES, service(5432));
    assert.equal(first.outcome, "created");
    assert.ok(first.object.spec?.clusterIP, "the server allocated a clusterIP");
    const rv = first.object.metadata.resourceVersion;
    for (const actual of [undefined, first.object]) {
      const again = await applyObject(client, SERVICES, service(5432), actual ? { actual } : {});
      assert.equal(again.outcome, "unchanged");
    }
    const changed = await applyObject(client, SERVICES, service(6000));
    assert.equal(changed.outcome, "updated");
    assert.equal(changed.object.spec?.clusterIP, first.object.spec?.clusterIP, "clusterIP kept");
    assert.notEqual(changed.object.metadata.resourceVersion, rv);
    assert.equal(
      (server.store.get("v1", "Service", "default", "gw-kube-vip") as unknown as Service).spec
        ?.ports?.[0]?.port,
      6000,
    );
  });
});

Deno.test("a 409 storm is ridden out by re-reading, and 500s with Retry-After are retried", async () => {
  await withServer({}, async (server, client) => {
    await applyObject(client, SERVICES, service(1));
    server.faults.set({
      conflictRate: 0.4,
      errorRate: 0.3,
      retryAfterSeconds: 1,
      random: seeded(7),
    });
    for (let port = 2; port < 12; port++) {
      const r = await applyObject(client, SERVICES, service(port), { attempts: 20 });
      assert.equal(r.outcome, "updated");
    }
    server.faults.reset();
    assert.ok(server.faults.injected > 0, "faults were injected");
    assert.equal(
      (server.store.get("v1", "Service", "default", "gw-kube-vip") as unknown as Service).spec
        ?.ports?.[0]?.port,
      11,
    );
  }, { maxRetries: 20, maxRetryAfterMs: 5 });
});

Deno.test("status is written only when it changed, and recomputed from the latest object after a conflict", async () => {
  await withServer({}, async (server, client) => {
    const gw = await client.create(GATEWAYS, {
      metadata: { namespace: "default", name: "gw" },
      spec: {
        gatewayClassName: "kube-vip",
        listeners: [{ name: "tcp", port: 5432, protocol: "TCP" }],
      },
    } as Gateway);
    const status = { addresses: [{ type: "IPAddress", value: "172.18.100.10" }] };
    const first = await updateStatusIfChanged(
      client,
      GATEWAYS,
      gw,
      (current) => ({ ...current.status, ...status }),
    );
    assert.equal(first.outcome, "updated");
    const again = await updateStatusIfChanged(
      client,
      GATEWAYS,
      first.object!,
      (current) => ({ ...current.status, ...status }),
    );
    assert.equal(again.outcome, "unchanged");
    // a stale copy (someone wrote meanwhile) gets a 409, is re-read, and the function sees the new state
    server.store.patch("gateway.networking.k8s.io/v1", "Gateway", "default", "gw", {
      metadata: { labels: { x: "y" } },
    });
    let calls = 0;
    const stale = await updateStatusIfChanged(client, GATEWAYS, first.object!, (current) => {
      calls++;
      return { ...current.status, addresses: [{ type: "IPAddress", value: "172.18.100.11" }] };
    });
    assert.equal(stale.outcome, "updated");
    assert.equal(calls, 2);
    assert.equal(
      (server.store.get(
        "gateway.networking.k8s.io/v1",
        "Gateway",
        "default",
        "gw",
      ) as unknown as Gateway)
        .status?.addresses?.[0]?.value,
      "172.18.100.11",
    );
  });
});

Deno.test("delete is idempotent", async () => {
  await withServer({}, async (_server, client) => {
    await applyObject(client, SERVICES, service(1));
    assert.equal(
      (await deleteIfExists(client, SERVICES, "default", "gw-kube-vip")).outcome,
      "deleted",
    );
    assert.equal(
      (await deleteIfExists(client, SERVICES, "default", "gw-kube-vip")).outcome,
      "absent",
    );
  });
});

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}
