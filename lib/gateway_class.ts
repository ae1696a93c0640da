/**
 * GatewayClass decisions (design §4): parameters (`parametersRef` to a ConfigMap), `Accepted`,
 * `SupportedVersion` from the CRDs' bundle-version annotations, `supportedFeatures`, the finalizer.
 *
 * @module
 */
import { type Announcer, ANNOUNCERS } from "./cli.ts";
import { type ConditionSpec, isFalse, isTrue } from "./conditions.ts";
import { parsePoolConfig, type PoolConfig } from "./ipam.ts";
import type { ConfigMap, CustomResourceDefinition, GatewayClass } from "./types/mod.ts";
import { GATEWAY_GROUP } from "./types/mod.ts";

/** The finalizer kept on a GatewayClass while Gateways use it. */
export const GATEWAY_CLASS_FINALIZER = "gateway-exists-finalizer.gateway.networking.k8s.io";

/** Features we really support, sorted by name as the spec requires. */
export const SUPPORTED_FEATURES: readonly { name: string }[] = [
  { name: "Gateway" },
  { name: "ReferenceGrant" },
  { name: "TCPRoute" },
  { name: "UDPRoute" },
];

/** Gateway API bundle versions whose shapes we have checked. */
export const SUPPORTED_BUNDLES = /^v1\.[56]\.\d+$/;
const BUNDLE_ANNOTATION = "gateway.networking.k8s.io/bundle-version";

/** Class defaults read from the ConfigMap named by `parametersRef`. */
export interface ClassParameters {
  /** `namespace/name` of the ConfigMap. */
  configMap: string;
  /** Pool keys of the ConfigMap (same keys as the IPAM ConfigMap), when it has any. */
  poolConfig?: PoolConfig;
  loadBalancerClass?: string;
  externalTrafficPolicy?: "Cluster" | "Local";
  announcer?: Announcer;
  ipam?: "internal" | "external";
}

const POOL_KEY = /^(cidr|range|allow-share|interface)-.+$|^search-order$|^skip-end-ips-in-cidr$/;
const PLAIN_KEYS = ["loadBalancerClass", "externalTrafficPolicy", "announcer", "ipam"];

function checkValue(key: string, value: string, allowed: readonly string[]): string | undefined {
  return allowed.includes(value)
    ? undefined
    : `key ${key} has value "${value}"; use one of ${allowed.join(", ")}`;
}

/**
 * Reads a class's parameters. No `parametersRef`: empty parameters. Returns an error message (for
 * `Accepted` False/`InvalidParameters`) when the reference is missing, of another kind, or malformed.
 *
 * @example
 * ```ts
 * readClassParameters(cls, configMapsByKey); // { ok: true, params: { configMap: "l4gw/class", announcer: "metallb" } }
 * ```
 */
export function readClassParameters(
  cls: GatewayClass,
  configMaps: ReadonlyMap<string, ConfigMap>,
): { ok: true; params?: ClassParameters } | { ok: false; message: string } {
  const ref = cls.spec.parametersRef;
  if (!ref) return { ok: true };
  const what = `parametersRef ${ref.group || "core"}/${ref.kind} ${ref.name}`;
  if (ref.group !== "" || ref.kind !== "ConfigMap") {
    return { ok: false, message: `${what} is not supported: point it at a core ConfigMap` };
  }
  if (!ref.namespace) {
    return { ok: false, message: `${what} has no namespace: a ConfigMap reference needs one` };
  }
  const key = `${ref.namespace}/${ref.name}`;
  const cm = configMaps.get(key);
  if (!cm) return { ok: false, message: `ConfigMap ${key} named by parametersRef does not exist` };
  const data = cm.data ?? {};
  const problems: string[] = [];
  const params: ClassParameters = { configMap: key };
  for (const [k, v] of Object.entries(data)) {
    if (POOL_KEY.test(k)) continue;
    if (!PLAIN_KEYS.includes(k)) {
      problems.push(`unknown key ${k} (known: pool keys, ${PLAIN_KEYS.join(", ")})`);
      continue;
    }
    const bad = k === "externalTrafficPolicy"
      ? checkValue(k, v, ["Cluster", "Local"])
      : k === "announcer"
      ? checkValue(k, v, ANNOUNCERS)
      : k === "ipam"
      ? checkValue(k, v, ["internal", "external"])
      : undefined;
    if (bad) problems.push(bad);
  }
  if (problems.length) {
    return { ok: false, message: `ConfigMap ${key} is malformed: ${problems.join("; ")}` };
  }
  if (Object.keys(data).some((k) => POOL_KEY.test(k))) params.poolConfig = parsePoolConfig(data);
  if (data.loadBalancerClass) params.loadBalancerClass = data.loadBalancerClass;
  if (data.externalTrafficPolicy) {
    params.externalTrafficPolicy = data.externalTrafficPolicy as "Cluster" | "Local";
  }
  if (data.announcer) params.announcer = data.announcer as Announcer;
  if (data.ipam) params.ipam = data.ipam as "internal" | "external";
  return { ok: true, params };
}

/**
 * The `SupportedVersion` condition from the Gateway API CRDs present: True when every one carries a
 * bundle version we support, all the same.
 *
 * @example
 * ```ts
 * supportedVersion(crds); // { type: "SupportedVersion", status: "True", reason: "SupportedVersion", ... }
 * ```
 */
export function supportedVersion(crds: readonly CustomResourceDefinition[]): ConditionSpec {
  const ours = crds.filter((c) => c.spec?.group === GATEWAY_GROUP);
  const supported = "supported: v1.5.x, v1.6.x";
  if (ours.length === 0) {
    return isFalse(
      "SupportedVersion",
      "UnsupportedVersion",
      `No Gateway API CRDs found; ${supported}`,
    );
  }
  const versions = new Map<string, string[]>();
  for (const crd of ours) {
    const v = crd.metadata.annotations?.[BUNDLE_ANNOTATION] ?? "(none)";
    versions.set(v, [...(versions.get(v) ?? []), crd.spec.names?.kind ?? crd.metadata.name ?? "?"]);
  }
  const detected = [...versions].map(([v, kinds]) => `${v} (${kinds.sort().join(", ")})`).join(
    "; ",
  );
  const [only] = versions.keys();
  if (versions.size === 1 && only && SUPPORTED_BUNDLES.test(only)) {
    return isTrue(
      "SupportedVersion",
      "SupportedVersion",
      `Gateway API bundle ${only} is supported`,
    );
  }
  return isFalse(
    "SupportedVersion",
    "UnsupportedVersion",
    `Detected Gateway API bundle versions: ${detected}; ${supported}`,
  );
}
