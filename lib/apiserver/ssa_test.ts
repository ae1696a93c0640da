import assert from "node:assert/strict";
import { fromFieldsV1 } from "./field_paths.ts";
import { paths, withServer } from "./testing.ts";
import type { TestClient } from "./testing.ts";

const APPLY = "application/apply-patch+yaml";

function apply(c: TestClient, manager: string, body: unknown, force = false) {
  const q = `?fieldManager=${manager}${force ? "&force=true" : ""}`;
  return c.patch(`${paths.cm("default", "cm")}${q}`, body, APPLY);
}

const cm = (data: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cm" },
  data,
});

// deno-lint-ignore no-explicit-any
function owners(obj: any): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of obj.metadata.managedFields ?? []) {
    out[`${e.manager}/${e.operation}`] = fromFieldsV1(e.fieldsV1).map((p) => p.join("."));
  }
  return out;
}

Deno.test("SSA-1: apply records exactly the applied fields for the manager", () =>
  withServer({}, async (_s, c) => {
    const r = await apply(c, "a", cm({ x: "1", y: "2" }));
    assert.equal(r.status, 201);
    assert.deepEqual(owners(r.body), { "a/Apply": ["f:data.f:x", "f:data.f:y"] });
  }));

Deno.test("SSA-3: applying a field another manager owns with a different value is 409 with each field", () =>
  withServer({}, async (_s, c) => {
    await c.post(
      `${paths.cm()}?fieldManager=kubectl-client-side-apply`,
      cm({ key: "old", other: "o" }),
    );
    const one = await apply(c, "me", cm({ key: "new" }));
    assert.equal(one.status, 409);
    assert.deepEqual(one.body, {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message:
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.key',
      reason: "Conflict",
      details: {
        causes: [{
          reason: "FieldManagerConflict",
          message: 'conflict with "kubectl-client-side-apply" using v1',
          field: ".data.key",
        }],
      },
      code: 409,
    });
    const two = await apply(c, "me", cm({ key: "new", other: "x" }));
    assert.equal(
      two.body.message,
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using v1:\n- .data.key\n- .data.other',
    );
    const equal = await apply(c, "me", cm({ key: "old" }));
    assert.equal(equal.status, 200, "the same value is shared ownership, not a conflict");
  }));

Deno.test("SSA-4: force takes the conflicting fields from the other manager", () =>
  withServer({}, async (_s, c) => {
    await c.post(`${paths.cm()}?fieldManager=other`, cm({ key: "old", keep: "k" }));
    const r = await apply(c, "me", cm({ key: "new" }), true);
    assert.equal(r.status, 200);
    assert.equal(r.body.data.key, "new");
    assert.deepEqual(owners(r.body), {
      "other/Update": ["f:data.f:keep"],
      "me/Apply": ["f:data.f:key"],
    });
  }));

Deno.test("SSA-5: managedFields in an applied configuration is rejected", () =>
  withServer({}, async (_s, c) => {
    const r = await apply(c, "me", { ...cm({}), metadata: { name: "cm", managedFields: [] } });
    assert.equal(r.status, 400);
  }));

Deno.test("SSA-6: a field dropped from the configuration is removed unless someone else owns it", () =>
  withServer({}, async (_s, c) => {
    await apply(c, "me", cm({ a: "1", b: "2", c: "3" }));
    await c.patch(`${paths.cm("default", "cm")}?fieldManager=editor`, { data: { c: "30" } });
    const r = await apply(c, "me", cm({ a: "1" }));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data, { a: "1", c: "30" });
  }));

Deno.test("§2.5: an update takes ownership of the fields it changes from other managers", () =>
  withServer({}, async (_s, c) => {
    await apply(c, "me", cm({ a: "1", b: "2" }));
    const r = await c.patch(`${paths.cm("default", "cm")}?fieldManager=editor`, {
      data: { a: "10" },
    });
    assert.deepEqual(owners(r.body), {
      "me/Apply": ["f:data.f:b"],
      "editor/Update": ["f:data.f:a"],
    });
    const back = await apply(c, "me", cm({ a: "1", b: "2" }));
    assert.equal(back.status, 409, "me no longer owns a");
  }));

Deno.test("SSA: list-map items (Gateway listeners) are owned per key", () =>
  withServer({}, async (_s, c) => {
    const gw = (listeners: unknown[]) => ({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "g" },
      spec: { gatewayClassName: "l4", listeners },
    });
    const url = (m: string) => `${paths.gw("default", "g")}?fieldManager=${m}`;
    await c.patch(url("a"), gw([{ name: "tcp", port: 1, protocol: "TCP" }]), APPLY);
    const b = await c.patch(
      url("b"),
      gw([{ name: "tcp", port: 1, protocol: "TCP" }, { name: "udp", port: 2, protocol: "UDP" }]),
      APPLY,
    );
    assert.equal(b.status, 200, b.text);
    assert.deepEqual(b.body.spec.listeners.map((l: { name: string }) => l.name), ["tcp", "udp"]);
    const conflict = await c.patch(
      url("b"),
      gw([{ name: "tcp", port: 9, protocol: "TCP" }]),
      APPLY,
    );
    assert.equal(conflict.status, 409);
    assert.match(conflict.body.message, /\.spec\.listeners\[name="tcp"\]\.port/);
  }));

Deno.test("§2.5: a client may reset managedFields; [{}] clears them", () =>
  withServer({}, async (_s, c) => {
    const made = (await apply(c, "me", cm({ a: "1" }))).body;
    const r = await c.put(paths.cm("default", "cm"), {
      ...made,
      metadata: { ...made.metadata, managedFields: [{}] },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.metadata.managedFields, undefined);
    assert.notEqual(r.body.metadata.resourceVersion, made.metadata.resourceVersion);
  }));
