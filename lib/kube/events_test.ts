import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import type { Gateway } from "../types/mod.ts";
import { startHttpStub, statusResponse } from "./_http_stub.ts";
import { KubeClient } from "./client.ts";
import { EventRecorder } from "./events.ts";

const gateway: Gateway = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { namespace: "team-a", name: "gw", uid: "uid-1", resourceVersion: "7" },
  spec: { gatewayClassName: "kube-vip", listeners: [] },
};
const exhausted = {
  type: "Warning" as const,
  reason: "AddressNotAssigned",
  action: "Allocate",
  note: 'pool "range-global" is exhausted',
};

Deno.test("a repeated event becomes one events.k8s.io Event with a series, not many Events", async () => {
  const stub = startHttpStub(() => undefined);
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const events = new EventRecorder(new KubeClient(stub.config()), {
    controller: "kube-vip.io/l4gw",
    instance: "pod-1",
    clock,
  });
  try {
    events.record(gateway, exhausted);
    await events.flush();
    clock.advance(1000);
    for (let i = 0; i < 4; i++) events.record(gateway, exhausted);
    await events.flush();
    const [create, patch, ...rest] = stub.received;
    assert.equal(create?.method, "POST");
    assert.equal(create?.path, "/apis/events.k8s.io/v1/namespaces/team-a/events?fieldManager=l4gw");
    const body = create?.body as Record<string, unknown>;
    assert.equal(body.eventTime, "2026-01-01T00:00:00.000000Z");
    assert.deepEqual(body.regarding, {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      namespace: "team-a",
      name: "gw",
      uid: "uid-1",
      resourceVersion: "7",
    });
    assert.equal(body.reportingController, "kube-vip.io/l4gw");
    assert.equal(body.note, exhausted.note);
    assert.equal(patch?.method, "PATCH");
    assert.equal(
      patch?.path,
      `/apis/events.k8s.io/v1/namespaces/team-a/events/${
        (body.metadata as { name: string }).name
      }?fieldManager=l4gw`,
    );
    assert.deepEqual(patch?.body, {
      series: { count: 5, lastObservedTime: "2026-01-01T00:00:01.000000Z" },
    });
    assert.equal(rest.length, 0, "four repeats cost one PATCH");
    clock.advance(1000);
    events.record(gateway, exhausted);
    await events.close();
    assert.deepEqual(stub.received.at(-1)?.body, {
      series: { count: 6, lastObservedTime: "2026-01-01T00:00:02.000000Z" },
    }, "a count not yet written is written on close");
    assert.equal(stub.received.length, 3);
  } finally {
    await events.close();
    await stub.close();
  }
});

Deno.test("a different note, reason or object is a different Event", async () => {
  const stub = startHttpStub(() => undefined);
  const events = new EventRecorder(new KubeClient(stub.config()), {
    controller: "c",
    instance: "i",
    clock: new FakeClock(),
  });
  try {
    events.record(gateway, exhausted);
    events.record(gateway, { ...exhausted, note: "another pool" });
    events.record(
      { ...gateway, metadata: { ...gateway.metadata, uid: "uid-2", name: "gw2" } },
      exhausted,
    );
    await events.flush();
    assert.equal(stub.received.filter((r) => r.method === "POST").length, 3);
  } finally {
    await events.close();
    await stub.close();
  }
});

Deno.test("without events.k8s.io the recorder writes core/v1 Events with count", async () => {
  const stub = startHttpStub((req) => {
    if (req.path.startsWith("/apis/events.k8s.io")) return statusResponse(404, "NotFound");
    return undefined;
  });
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const events = new EventRecorder(new KubeClient(stub.config()), {
    controller: "kube-vip.io/l4gw",
    instance: "pod-1",
    clock,
  });
  try {
    events.record(gateway, exhausted);
    await events.flush();
    events.record(gateway, exhausted);
    await events.flush();
    const core = stub.received.filter((r) => r.path.startsWith("/api/v1/"));
    assert.equal(core[0]?.method, "POST");
    const body = core[0]?.body as Record<string, unknown>;
    assert.equal(body.message, exhausted.note);
    assert.equal(body.count, 1);
    assert.equal((body.involvedObject as { name: string }).name, "gw");
    assert.deepEqual(core[1]?.body, { count: 2, lastTimestamp: "2026-01-01T00:00:00Z" });
  } finally {
    await events.close();
    await stub.close();
  }
});

Deno.test("events are rate-limited per object: 25 at once, then one per 5 minutes", async () => {
  const stub = startHttpStub(() => undefined);
  const clock = new FakeClock();
  const events = new EventRecorder(new KubeClient(stub.config()), {
    controller: "c",
    instance: "i",
    clock,
  });
  try {
    for (let i = 0; i < 30; i++) events.record(gateway, { ...exhausted, note: `n${i}` });
    await events.flush();
    assert.equal(stub.received.length, 25);
    clock.advance(300_000);
    events.record(gateway, { ...exhausted, note: "later" });
    await events.flush();
    assert.equal(stub.received.length, 26);
  } finally {
    await events.close();
    await stub.close();
  }
});

Deno.test("recording never throws, even when the server refuses every write", async () => {
  const stub = startHttpStub(() => statusResponse(403, "Forbidden"));
  const events = new EventRecorder(new KubeClient(stub.config()), {
    controller: "c",
    instance: "i",
    clock: new FakeClock(),
  });
  try {
    events.record(gateway, exhausted);
    events.record({ metadata: {} }, exhausted);
    await events.flush();
    assert.ok(stub.received.length >= 1);
  } finally {
    await events.close();
    await stub.close();
  }
});
