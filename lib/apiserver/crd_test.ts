import assert from "node:assert/strict";
import { withServer } from "./testing.ts";

const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

const widgetCrd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    scope: "Namespaced",
    names: { plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wd"] },
    versions: [{
      name: "v1",
      served: true,
      storage: true,
      subresources: { status: {} },
      schema: {
        openAPIV3Schema: {
          type: "object",
          properties: {
            spec: {
              type: "object",
              properties: {
                size: { type: "integer", default: 3, minimum: 1 },
                color: { type: "string", enum: ["red", "blue"] },
              },
            },
            status: { type: "object", properties: { ready: { type: "boolean" } } },
          },
        },
      },
    }],
  },
};

Deno.test("§12: a user's CRD is established, discovered and served with its schema's defaults and limits", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(CRDS, widgetCrd);
    assert.equal(r.status, 201);
    assert.equal(r.body.metadata.generation, 1);
    const conds = r.body.status.conditions.map((
      x: { type: string; status: string; reason: string },
    ) => `${x.type}=${x.status}/${x.reason}`);
    assert.deepEqual(conds, [
      "NamesAccepted=True/NoConflicts",
      "Established=True/InitialNamesAccepted",
    ]);
    assert.deepEqual(r.body.status.storedVersions, ["v1"]);
    const disc = await c.get("/apis/example.com/v1");
    assert.equal(disc.body.resources[0].name, "widgets");
    assert.deepEqual(disc.body.resources[0].shortNames, ["wd"]);
    const w = await c.post("/apis/example.com/v1/namespaces/default/widgets", {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w" },
      spec: { color: "red" },
    });
    assert.equal(w.status, 201);
    assert.equal(w.body.spec.size, 3);
    const bad = await c.post("/apis/example.com/v1/namespaces/default/widgets", {
      metadata: { name: "b" },
      spec: { color: "green", size: 0 },
    });
    assert.equal(bad.status, 422);
    assert.match(
      bad.body.message,
      /^Widget\.example\.com "b" is invalid: \[.*spec\.size: Invalid value: 0: spec\.size in body should be greater than or equal to 1/,
    );
    assert.match(
      bad.body.message,
      /spec\.color: Unsupported value: "green": supported values: "red", "blue"/,
    );
    const openapi = await c.get("/openapi/v3");
    assert.ok(openapi.body.paths["apis/example.com/v1"].serverRelativeURL.includes("?hash="));
  }));

Deno.test("§12: a CRD's name must be <plural>.<group>", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(CRDS, { ...widgetCrd, metadata: { name: "widgets.other.com" } });
    assert.equal(r.status, 422);
    assert.match(r.body.message, /metadata\.name: Invalid value: "widgets\.other\.com"/);
  }));

Deno.test("§1.3: the OpenAPI v3 index lists every served group-version; each PATCH carries GVK and fieldValidation", () =>
  withServer({}, async (_s, c) => {
    const index = await c.get("/openapi/v3");
    for (
      const gv of [
        "api/v1",
        "apis/gateway.networking.k8s.io/v1",
        "apis/discovery.k8s.io/v1",
        "apis/coordination.k8s.io/v1",
      ]
    ) {
      assert.ok(index.body.paths[gv], gv);
    }
    const url = index.body.paths["apis/gateway.networking.k8s.io/v1"].serverRelativeURL;
    const doc = await c.get(url);
    const op =
      doc.body.paths["/apis/gateway.networking.k8s.io/v1/namespaces/{namespace}/gateways/{name}"]
        .patch;
    assert.deepEqual(op["x-kubernetes-group-version-kind"], {
      group: "gateway.networking.k8s.io",
      version: "v1",
      kind: "Gateway",
    });
    assert.ok(op.parameters.some((p: { name: string }) => p.name === "fieldValidation"));
    const schema = doc.body.components.schemas["io.k8s.networking.gateway.v1.Gateway"];
    assert.ok(schema.properties.spec.properties.listeners);
    assert.equal((await c.get("/openapi/v2")).status, 404);
  }));
