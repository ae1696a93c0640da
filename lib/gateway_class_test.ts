import assert from "node:assert/strict";
import { readClassParameters, supportedVersion } from "./gateway_class.ts";
import type { ConfigMap, CustomResourceDefinition, GatewayClass } from "./types/mod.ts";

const cls = (ref?: GatewayClass["spec"]["parametersRef"]): GatewayClass => ({
  metadata: { name: "l4" },
  spec: { controllerName: "c", ...(ref ? { parametersRef: ref } : {}) },
});
const cm = (data: Record<string, string>): Map<string, ConfigMap> =>
  new Map([["l4gw/params", { metadata: { name: "params", namespace: "l4gw" }, data }]]);
const ref = { group: "", kind: "ConfigMap", name: "params", namespace: "l4gw" };

Deno.test("a class without parametersRef has no parameters", () => {
  assert.deepEqual(readClassParameters(cls(), new Map()), { ok: true });
});

Deno.test("a ConfigMap of class parameters is read, pool keys included", () => {
  const out = readClassParameters(
    cls(ref),
    cm({
      announcer: "metallb",
      "range-global": "10.1.0.1-10.1.0.9",
      externalTrafficPolicy: "Local",
    }),
  );
  assert.equal(out.ok, true);
  if (!out.ok) return;
  assert.equal(out.params?.announcer, "metallb");
  assert.equal(out.params?.externalTrafficPolicy, "Local");
  assert.ok(out.params?.poolConfig);
});

Deno.test("missing, wrong-kind, namespace-less and malformed references are refused by name", () => {
  const missing = readClassParameters(cls(ref), new Map());
  assert.deepEqual(missing, {
    ok: false,
    message: "ConfigMap l4gw/params named by parametersRef does not exist",
  });
  const kind = readClassParameters(cls({ ...ref, group: "example.com", kind: "Params" }), cm({}));
  assert.match(kind.ok ? "" : kind.message, /not supported/);
  const { namespace: _, ...noNs } = ref;
  assert.match(JSON.stringify(readClassParameters(cls(noNs), cm({}))), /has no namespace/);
  const bad = readClassParameters(cls(ref), cm({ anouncer: "metallb", ipam: "sometimes" }));
  assert.match(bad.ok ? "" : bad.message, /unknown key anouncer.*key ipam has value "sometimes"/);
});

const crd = (kind: string, version?: string): CustomResourceDefinition => ({
  metadata: {
    name: `${kind.toLowerCase()}s.gateway.networking.k8s.io`,
    ...(version ? { annotations: { "gateway.networking.k8s.io/bundle-version": version } } : {}),
  },
  spec: {
    group: "gateway.networking.k8s.io",
    names: { kind, plural: "x" },
    scope: "Namespaced",
    versions: [],
  },
});

Deno.test("SupportedVersion is True only for one supported bundle version across all CRDs", () => {
  assert.equal(
    supportedVersion([crd("Gateway", "v1.6.1"), crd("TCPRoute", "v1.6.1")]).status,
    "True",
  );
  const mixed = supportedVersion([crd("Gateway", "v1.6.1"), crd("TCPRoute", "v1.5.1")]);
  assert.equal(mixed.status, "False");
  assert.equal(mixed.reason, "UnsupportedVersion");
  assert.match(supportedVersion([crd("Gateway")]).message, /\(none\) \(Gateway\)/);
  assert.equal(supportedVersion([crd("Gateway", "v1.3.0")]).status, "False");
});
