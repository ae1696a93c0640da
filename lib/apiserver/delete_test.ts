import assert from "node:assert/strict";
import { waitFor } from "../../tests/helpers/wait_for.ts";
import { configMap, gateway, paths, withServer } from "./testing.ts";

Deno.test("DEL-1: deleting an object without finalizers answers a Success Status with its uid", () =>
  withServer({}, async (_s, c) => {
    const a = (await c.post(paths.cm(), configMap("x"))).body;
    const r = await c.delete(paths.cm("default", "x"));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: { name: "x", kind: "configmaps", uid: a.metadata.uid },
    });
    const g = (await c.post(paths.gw(), gateway("g"))).body;
    const rg = await c.delete(paths.gw("default", "g"));
    assert.deepEqual(rg.body.details, {
      name: "g",
      group: "gateway.networking.k8s.io",
      kind: "gateways",
      uid: g.metadata.uid,
    });
  }));

Deno.test("DEL-2, DEL-3: an object with finalizers turns terminating; a second delete changes nothing", () =>
  withServer({}, async (_s, c) => {
    const g =
      (await c.post(paths.gw(), gateway("g", { metadata: { name: "g", finalizers: ["x.io/f"] } })))
        .body;
    const w = await c.watch(`${paths.gw()}?resourceVersion=${g.metadata.resourceVersion}`);
    const r = await c.delete(paths.gw("default", "g"));
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, "Gateway");
    assert.match(r.body.metadata.deletionTimestamp, /Z$/);
    assert.equal(r.body.metadata.deletionGracePeriodSeconds, 0);
    assert.equal(r.body.metadata.generation, 2);
    assert.ok(Number(r.body.metadata.resourceVersion) > Number(g.metadata.resourceVersion));
    assert.equal((await w.next()).type, "MODIFIED");
    const again = await c.delete(paths.gw("default", "g"));
    assert.equal(again.body.metadata.resourceVersion, r.body.metadata.resourceVersion);
    assert.equal(again.body.metadata.deletionTimestamp, r.body.metadata.deletionTimestamp);
    await w.close();
  }));

Deno.test("DEL-4: removing the last finalizer deletes the object; the watch sees DELETED, not MODIFIED", () =>
  withServer({}, async (_s, c) => {
    const a = (await c.post(paths.cm(), configMap("x", {}, { finalizers: ["x.io/f"] }))).body;
    await c.delete(paths.cm("default", "x"));
    const w = await c.watch(
      `${paths.cm()}?resourceVersion=${
        (await c.get(paths.cm("default", "x"))).body.metadata.resourceVersion
      }`,
    );
    const r = await c.patch(paths.cm("default", "x"), { metadata: { finalizers: null } });
    assert.equal(r.status, 200);
    const ev = await w.next();
    assert.equal(ev.type, "DELETED");
    assert.deepEqual(ev.object.metadata.finalizers, ["x.io/f"], "the last stored state");
    assert.equal(ev.object.metadata.uid, a.metadata.uid);
    assert.equal((await c.get(paths.cm("default", "x"))).status, 404);
    await w.close();
  }));

Deno.test("DEL-5: no new finalizer may be added to a terminating object", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("x", {}, { finalizers: ["x.io/f"] }));
    await c.delete(paths.cm("default", "x"));
    const r = await c.patch(paths.cm("default", "x"), {
      metadata: { finalizers: ["x.io/f", "y.io/g"] },
    });
    assert.equal(r.status, 422);
    assert.match(
      r.body.message,
      /metadata\.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers \[\]string\{"y\.io\/g"\}/,
    );
  }));

Deno.test("DEL-7: mismatched uid and resourceVersion preconditions are 409 naming the Kind", () =>
  withServer({}, async (_s, c) => {
    const a = (await c.post(paths.cm(), configMap("x"))).body;
    const r = await c.delete(paths.cm("default", "x"), {
      kind: "DeleteOptions",
      apiVersion: "v1",
      preconditions: { uid: "wrong" },
    });
    assert.equal(r.status, 409);
    assert.equal(
      r.body.message,
      `Operation cannot be fulfilled on ConfigMap "x": the UID in the precondition (wrong) does not match the UID in record (${a.metadata.uid}). The object might have been deleted and then recreated`,
    );
    const r2 = await c.delete(paths.cm("default", "x"), {
      preconditions: { resourceVersion: "1" },
    });
    assert.equal(r2.status, 409);
    assert.match(r2.body.message, /the ResourceVersion in the precondition \(1\) does not match/);
  }));

Deno.test("DEL-8: invalid propagation policies are 422", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.cm(), configMap("x"));
    const r = await c.delete(paths.cm("default", "x"), { propagationPolicy: "Sideways" });
    assert.equal(r.status, 422);
    assert.match(
      r.body.message,
      /propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"/,
    );
    const both = await c.delete(paths.cm("default", "x"), {
      propagationPolicy: "Orphan",
      orphanDependents: true,
    });
    assert.equal(both.status, 422);
  }));

Deno.test("DEL-8, GC: background deletion removes dependents whose owners are all gone", () =>
  withServer({}, async (s, c) => {
    const owner = (await c.post(paths.gw(), gateway("g"))).body;
    const ref = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      name: "g",
      uid: owner.metadata.uid,
      controller: true,
    };
    await c.post(paths.svc(), {
      metadata: { name: "dep", ownerReferences: [ref] },
      spec: { ports: [{ port: 80 }] },
    });
    const other = (await c.post(paths.cm(), configMap("keep"))).body;
    const otherRef = { apiVersion: "v1", kind: "ConfigMap", name: "keep", uid: other.metadata.uid };
    await c.post(paths.cm(), configMap("two-owners", {}, { ownerReferences: [ref, otherRef] }));
    const rv = (await c.get(paths.svc())).body.metadata.resourceVersion;
    const w = await c.watch(`${paths.svc()}?resourceVersion=${rv}`);
    await c.delete(paths.gw("default", "g"));
    const ev = await w.next();
    assert.equal(ev.type, "DELETED");
    assert.equal(ev.object.metadata.name, "dep");
    assert.ok(s.store.get("v1", "ConfigMap", "default", "two-owners"), "an owner remains");
    await w.close();
  }));

Deno.test("GC: a dependent created with an owner that does not exist is collected", () =>
  withServer({}, async (s, c) => {
    const ref = {
      apiVersion: "v1",
      kind: "ConfigMap",
      name: "ghost",
      uid: "00000000-0000-0000-0000-000000000001",
    };
    await c.post(paths.cm(), configMap("orphan", {}, { ownerReferences: [ref] }));
    await waitFor(() => s.store.get("v1", "ConfigMap", "default", "orphan") === undefined, {
      what: "the dependent of a missing owner to be collected",
    });
  }));

Deno.test("DEL-8: foreground deletion waits for blocking dependents, then removes the owner", () =>
  withServer({}, async (s, c) => {
    const owner = (await c.post(paths.cm(), configMap("owner"))).body;
    const ref = {
      apiVersion: "v1",
      kind: "ConfigMap",
      name: "owner",
      uid: owner.metadata.uid,
      blockOwnerDeletion: true,
    };
    await c.post(
      paths.cm(),
      configMap("dep", {}, { ownerReferences: [ref], finalizers: ["x.io/hold"] }),
    );
    const r = await c.delete(paths.cm("default", "owner"), { propagationPolicy: "Foreground" });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.metadata.finalizers, ["foregroundDeletion"]);
    await waitFor(
      () => s.store.get("v1", "ConfigMap", "default", "dep")?.metadata.deletionTimestamp,
      {
        what: "the dependent to be deleted first",
      },
    );
    assert.ok(
      s.store.get("v1", "ConfigMap", "default", "owner"),
      "owner waits for the blocking dependent",
    );
    s.store.patch("v1", "ConfigMap", "default", "dep", { metadata: { finalizers: null } });
    await waitFor(() => s.store.get("v1", "ConfigMap", "default", "owner") === undefined, {
      what: "the owner to go once the dependent is gone",
    });
  }));

Deno.test("DEL-8: orphan deletion strips the owner reference from dependents", () =>
  withServer({}, async (s, c) => {
    const owner = (await c.post(paths.cm(), configMap("owner"))).body;
    const ref = { apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: owner.metadata.uid };
    await c.post(paths.cm(), configMap("dep", {}, { ownerReferences: [ref] }));
    await c.delete(`${paths.cm("default", "owner")}?propagationPolicy=Orphan`);
    await waitFor(() => s.store.get("v1", "ConfigMap", "default", "owner") === undefined, {
      what: "the owner to be deleted",
    });
    const dep = s.store.get("v1", "ConfigMap", "default", "dep")!;
    assert.equal(dep.metadata.ownerReferences, undefined);
  }));

Deno.test("DEL-10: delete-collection by label returns the list of deleted items", () =>
  withServer({}, async (s, c) => {
    await c.post(paths.cm(), configMap("a", {}, { labels: { app: "x" } }));
    await c.post(paths.cm(), configMap("b", {}, { labels: { app: "x" } }));
    await c.post(paths.cm(), configMap("c"));
    const r = await c.delete(`${paths.cm()}?labelSelector=app%3Dx`);
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, "ConfigMapList");
    assert.deepEqual(r.body.items.map((i: { metadata: { name: string } }) => i.metadata.name), [
      "a",
      "b",
    ]);
    assert.deepEqual(
      s.store.list("v1", "ConfigMap", { namespace: "default" }).map((o) => o.metadata.name),
      ["c"],
    );
  }));

Deno.test("DEL-11, DEL-12, SVC-4: missing is 404; no body means defaults; Services return the object", () =>
  withServer({}, async (_s, c) => {
    assert.equal((await c.delete(paths.cm("default", "nope"))).status, 404);
    await c.post(paths.svc(), { metadata: { name: "s" }, spec: { ports: [{ port: 80 }] } });
    const r = await c.req("DELETE", paths.svc("default", "s"));
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, "Service");
    assert.equal(r.body.metadata.name, "s");
  }));

Deno.test("§2.4, CRUD-8: a deleted namespace terminates, refuses new content, empties, then disappears", () =>
  withServer({}, async (s, c) => {
    await c.post(paths.ns(), { metadata: { name: "team" } });
    await c.post(paths.cm("team"), configMap("held", {}, { finalizers: ["x.io/f"] }));
    await c.post(paths.cm("team"), configMap("plain"));
    const r = await c.delete(paths.ns("team"));
    assert.equal(r.status, 200);
    assert.equal(r.body.status.phase, "Terminating");
    const refused = await c.post(paths.cm("team"), configMap("new"));
    assert.equal(refused.status, 403);
    assert.equal(
      refused.body.message,
      'configmaps "new" is forbidden: unable to create new content in namespace team because it is being terminated',
    );
    assert.deepEqual(refused.body.details.causes, [{
      reason: "NamespaceTerminating",
      message: "namespace team is being terminated",
      field: "metadata.namespace",
    }]);
    await waitFor(() => s.store.get("v1", "ConfigMap", "team", "plain") === undefined, {
      what: "plain deleted",
    });
    assert.ok(s.store.get("v1", "Namespace", "", "team"), "waits for the object with a finalizer");
    s.store.patch("v1", "ConfigMap", "team", "held", { metadata: { finalizers: null } });
    await waitFor(() => s.store.get("v1", "Namespace", "", "team") === undefined, {
      what: "namespace gone",
    });
  }));

Deno.test("§2.4: default, kube-system and kube-public may not be deleted; namespaces carry their name label", () =>
  withServer({}, async (_s, c) => {
    const r = await c.delete(paths.ns("default"));
    assert.equal(r.status, 403);
    assert.match(r.body.message, /this namespace may not be deleted/);
    const ns = (await c.post(paths.ns(), { metadata: { name: "x" } })).body;
    assert.equal(ns.metadata.labels["kubernetes.io/metadata.name"], "x");
    assert.deepEqual(ns.spec.finalizers, ["kubernetes"]);
    assert.equal(ns.status.phase, "Active");
  }));

Deno.test("§12: deleting a CRD deletes its objects and stops serving the resource", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.gw(), gateway("g"));
    const crd =
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gateways.gateway.networking.k8s.io";
    const got = await c.get(crd);
    assert.equal(
      got.body.metadata.annotations["gateway.networking.k8s.io/bundle-version"],
      "v1.6.1",
    );
    assert.equal(got.body.metadata.annotations["gateway.networking.k8s.io/channel"], "standard");
    assert.ok(
      got.body.status.conditions.some((x: { type: string; status: string }) =>
        x.type === "Established" && x.status === "True"
      ),
    );
    assert.equal((await c.delete(crd)).status, 200);
    assert.equal((await c.get(paths.gw())).status, 404);
  }));
