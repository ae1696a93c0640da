import assert from "node:assert/strict";
import { decodeProtobufObject } from "./protobuf.ts";

const golden = (name: string) =>
  Deno.readFileSync(new URL(`./testdata/${name}.pb`, import.meta.url));

// The .pb files are request bodies kubectl 1.32 sent for `kubectl create …` (captured on loopback).

Deno.test("protobuf: kubectl create configmap --from-literal decodes to its data", () => {
  assert.deepEqual(decodeProtobufObject(golden("kubectl_create_configmap")), {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cmx" },
    data: { ka: "va", kb: "vb" },
  });
});

Deno.test("protobuf: kubectl create secret generic decodes bytes as base64 and the type", () => {
  assert.deepEqual(decodeProtobufObject(golden("kubectl_create_secret")), {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "sx" },
    data: { pk: btoa("pv") },
    type: "my/type",
  });
});

Deno.test("protobuf: kubectl create namespace", () => {
  assert.deepEqual(decodeProtobufObject(golden("kubectl_create_namespace")), {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "nsx" },
  });
});

Deno.test("protobuf: kubectl create service nodeport / clusterip decode ports, selector and type", () => {
  const np = decodeProtobufObject(golden("kubectl_create_service_nodeport"));
  assert.deepEqual(np, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "npx", labels: { app: "npx" } },
    spec: {
      ports: [{ name: "82-8082", protocol: "TCP", port: 82, targetPort: 8082, nodePort: 30123 }],
      selector: { app: "npx" },
      type: "NodePort",
    },
  });
  const ci = decodeProtobufObject(golden("kubectl_create_service_clusterip")) as {
    spec: { clusterIP: string; ports: { targetPort: unknown }[] };
  };
  assert.equal(ci.spec.clusterIP, "None");
  assert.equal(ci.spec.ports[0]!.targetPort, "web");
});

Deno.test("protobuf: a body without the magic number is 400; an unknown kind is 415", () => {
  assert.throws(() => decodeProtobufObject(new Uint8Array([1, 2, 3, 4])), /magic number/);
  const typeMeta = [0x0a, 0x06, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x00]; // typeMeta{apiVersion:"v1", kind:""}
  assert.throws(
    () => decodeProtobufObject(new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...typeMeta])),
    (e: { code?: number }) => e.code === 415,
  );
});
