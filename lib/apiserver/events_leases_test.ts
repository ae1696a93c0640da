import assert from "node:assert/strict";
import { paths, withServer } from "./testing.ts";

const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const coreEvents = "/api/v1/namespaces/default/events";
const v1Events = "/apis/events.k8s.io/v1/namespaces/default/events";

Deno.test("§11: an events.k8s.io Event is listed by core/v1 with mapped fields, and back", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(v1Events, {
      metadata: { name: "e1" },
      eventTime: "2025-01-02T03:04:05.12Z",
      reportingController: "kube-vip.io/controller",
      reportingInstance: "l4gw-0",
      action: "Allocate",
      reason: "AddressAssigned",
      note: "gave 192.0.2.1",
      type: "Normal",
      regarding: { kind: "Gateway", namespace: "default", name: "gw" },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.eventTime, "2025-01-02T03:04:05.120000Z");
    const core = await c.get(`${coreEvents}/e1`);
    assert.equal(core.body.message, "gave 192.0.2.1");
    assert.equal(core.body.involvedObject.name, "gw");
    assert.equal(core.body.reportingComponent, "kube-vip.io/controller");
    const sel = await c.get(`${v1Events}?fieldSelector=regarding.name%3Dgw`);
    assert.equal(sel.body.items.length, 1);
    const coreSel = await c.get(
      `${coreEvents}?fieldSelector=involvedObject.name%3Dgw,reason%3DAddressAssigned`,
    );
    assert.equal(coreSel.body.items.length, 1);
  }));

Deno.test("§11: events.k8s.io requires its fields and forbids the deprecated ones", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(v1Events, { metadata: { name: "e" }, type: "Info", deprecatedCount: 2 });
    assert.equal(r.status, 422);
    for (const f of ["eventTime", "reportingController", "reportingInstance", "action", "reason"]) {
      assert.match(r.body.message, new RegExp(`${f}: Required value`));
    }
    assert.match(r.body.message, /type: Unsupported value: "Info"/);
    assert.match(r.body.message, /deprecatedCount: Invalid value: 2: needs to be unset/);
  }));

Deno.test("§11: client-go's recorders patch count, lastTimestamp and series with strategic merge patches", () =>
  withServer({}, async (_s, c) => {
    await c.post(coreEvents, {
      metadata: { name: "gw.1" },
      involvedObject: { kind: "Gateway", namespace: "default", name: "gw" },
      reason: "Programmed",
      message: "ok",
      count: 1,
      firstTimestamp: "2025-01-01T00:00:00Z",
      lastTimestamp: "2025-01-01T00:00:00Z",
      type: "Normal",
      source: { component: "l4gw" },
    });
    const r = await c.patch(
      `${coreEvents}/gw.1`,
      { count: 2, lastTimestamp: "2025-01-01T00:01:00Z", message: "ok" },
      "application/strategic-merge-patch+json",
    );
    assert.equal(r.status, 200);
    assert.equal(r.body.count, 2);
    await c.post(v1Events, {
      metadata: { name: "gw.2" },
      eventTime: "2025-01-01T00:00:00.000000Z",
      reportingController: "kube-vip.io/controller",
      reportingInstance: "l4gw-0",
      action: "Reconcile",
      reason: "Programmed",
      type: "Normal",
      regarding: { kind: "Gateway", namespace: "default", name: "gw" },
    });
    const series = await c.patch(
      `${v1Events}/gw.2`,
      { series: { count: 2, lastObservedTime: "2025-01-01T00:02:00Z" } },
      "application/strategic-merge-patch+json",
    );
    assert.equal(series.status, 200, series.text);
    assert.equal(series.body.series.lastObservedTime, "2025-01-01T00:02:00.000000Z");
    const immutable = await c.patch(`${v1Events}/gw.2`, { reason: "Other" });
    assert.equal(immutable.status, 422);
  }));

Deno.test("§10, §0.9: Lease times are MicroTime with six digits; duration must be positive", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.lease(), {
      metadata: { name: "l4gw-leader" },
      spec: {
        holderIdentity: "a",
        leaseDurationSeconds: 15,
        acquireTime: "2025-01-02T03:04:05.123Z",
        renewTime: "2025-01-02T03:04:05Z",
        leaseTransitions: 0,
      },
    });
    assert.equal(r.status, 201);
    assert.match(r.body.spec.acquireTime, MICRO);
    assert.equal(r.body.spec.acquireTime, "2025-01-02T03:04:05.123000Z");
    assert.match(r.body.spec.renewTime, MICRO);
    assert.equal(r.body.metadata.generation, undefined);
    const bad = await c.put(paths.lease("default", "l4gw-leader"), {
      ...r.body,
      spec: { ...r.body.spec, leaseDurationSeconds: 0 },
    });
    assert.equal(bad.status, 422);
    assert.match(
      bad.body.message,
      /spec\.leaseDurationSeconds: Invalid value: 0: must be greater than 0/,
    );
  }));

Deno.test("§10: two leader candidates racing on one Lease: the stale one gets 409", () =>
  withServer({}, async (_s, c) => {
    const lease = (await c.post(paths.lease(), {
      metadata: { name: "l" },
      spec: { holderIdentity: "a", leaseDurationSeconds: 15 },
    })).body;
    const take = (who: string) =>
      c.put(paths.lease("default", "l"), {
        ...lease,
        spec: { ...lease.spec, holderIdentity: who },
      });
    const [x, y] = [await take("b"), await take("c")];
    assert.equal(x.status, 200);
    assert.equal(y.status, 409);
  }));
