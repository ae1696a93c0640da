import assert from "node:assert/strict";
import { paths, withServer } from "./testing.ts";
import { humanDuration } from "./table.ts";

const TABLE =
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

Deno.test("§9: kubectl get asks for a Table; Gateways get the CRD's printer columns", () =>
  withServer({}, async (s, c) => {
    const gw = (await c.post(paths.gw(), {
      metadata: { name: "g" },
      spec: { gatewayClassName: "l4", listeners: [{ name: "t", port: 1, protocol: "TCP" }] },
    })).body;
    s.store.patch("gateway.networking.k8s.io/v1", "Gateway", "default", "g", {
      status: { addresses: [{ type: "IPAddress", value: "192.0.2.1" }] },
    }, { subresource: "status" });
    const r = await c.get(paths.gw(), { accept: TABLE });
    assert.equal(r.body.kind, "Table");
    assert.equal(r.body.apiVersion, "meta.k8s.io/v1");
    assert.deepEqual(r.body.columnDefinitions.map((d: { name: string }) => d.name), [
      "Name",
      "Class",
      "Address",
      "Programmed",
      "Age",
    ]);
    assert.deepEqual(r.body.rows[0].cells.slice(0, 4), ["g", "l4", "192.0.2.1", "Unknown"]);
    assert.equal(r.body.rows[0].object.kind, "PartialObjectMetadata");
    assert.equal(r.body.rows[0].object.metadata.uid, gw.metadata.uid);
    const crds = await c.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", {
      accept: TABLE,
    });
    assert.deepEqual(crds.body.columnDefinitions.map((d: { name: string }) => d.name), [
      "Name",
      "Created At",
    ]);
  }));

Deno.test("Table ages use Kubernetes' human durations", () => {
  assert.equal(humanDuration(5_000), "5s");
  assert.equal(humanDuration(150_000), "2m30s");
  assert.equal(humanDuration(3 * 3600_000 + 5 * 60_000), "3h5m");
  assert.equal(humanDuration(50 * 3600_000), "2d2h");
  assert.equal(humanDuration(30 * 24 * 3600_000), "30d");
});
