/**
 * The Services a Gateway needs (design §7), built from scratch and then laid over the cached object
 * when it exists, so that an unchanged Service deep-equals the cache and nothing is written.
 *
 * Where they live: the `gateway` Service lives in the Gateway's namespace (GEP-1762); `create` and
 * `duplicate` Services live in the backend's namespace, because a selector only selects Pods in its
 * own namespace; `update` changes the backend Service where it is.
 *
 * @module
 */
import type { Announcer, ServiceBehaviour } from "./cli.ts";
import { addressFields, KNOWN_ADDRESS_ANNOTATIONS } from "./announcer.ts";
import { BEHAVIOUR_LABEL, GATEWAY_ANNOTATION, IMPLEMENTATION_LABEL } from "./ownership.ts";
import type { OwnerReference, Service, ServicePort } from "./types/mod.ts";

/** Annotation naming what a `create` or `duplicate` Service was made from. */
export const SOURCE_ANNOTATION = "l4gw.io/source";

/** Settings shared by every Service of one Gateway. */
export interface ServiceSettings {
  announcer: Announcer;
  /** The address to carry; undefined when the announcer allocates. */
  address: string | undefined;
  /** Whether we own the address fields (internal IPAM); with external IPAM others may write them. */
  ownsAddress: boolean;
  setLoadBalancerIp: boolean;
  implementationLabel: string;
  loadBalancerClass?: string;
  externalTrafficPolicy?: "Cluster" | "Local";
  /** Ownership labels ({@link ownershipLabels}). */
  ownership: Readonly<Record<string, string>>;
  /** `namespace/name` of the Gateway. */
  gatewayKey: string;
  /** The Gateway's `spec.infrastructure` labels and annotations. */
  infrastructure: {
    labels: Readonly<Record<string, string>>;
    annotations: Readonly<Record<string, string>>;
  };
}

/** The labels and annotations we put on a Service of `behaviour`. */
export function serviceMetadata(
  settings: ServiceSettings,
  behaviour: ServiceBehaviour,
): { labels: Record<string, string>; annotations: Record<string, string> } {
  const fields = addressFields(settings.announcer, settings.address, settings.setLoadBalancerIp);
  return {
    labels: {
      ...settings.infrastructure.labels,
      ...settings.ownership,
      [BEHAVIOUR_LABEL]: behaviour,
      [IMPLEMENTATION_LABEL]: settings.implementationLabel,
    },
    annotations: {
      ...settings.infrastructure.annotations,
      [GATEWAY_ANNOTATION]: settings.gatewayKey,
      ...fields.annotations,
    },
  };
}

/** What a new LoadBalancer Service of ours is made of. */
export interface ManagedServiceSpec {
  name: string;
  namespace: string;
  behaviour: Exclude<ServiceBehaviour, "update">;
  settings: ServiceSettings;
  ports: ServicePort[];
  selector?: Record<string, string>;
  source?: string;
  ownerReferences?: OwnerReference[];
}

/**
 * A complete LoadBalancer Service of ours, as it would be created.
 *
 * @example
 * ```ts
 * managedService({ name: "gw-l4", namespace: "apps", behaviour: "gateway", settings, ports });
 * ```
 */
export function managedService(spec: ManagedServiceSpec): Service {
  const { settings } = spec;
  const meta = serviceMetadata(settings, spec.behaviour);
  if (spec.source) meta.annotations[SOURCE_ANNOTATION] = spec.source;
  const fields = addressFields(settings.announcer, settings.address, settings.setLoadBalancerIp);
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      labels: meta.labels,
      annotations: meta.annotations,
      ...(spec.ownerReferences ? { ownerReferences: spec.ownerReferences } : {}),
    },
    spec: {
      type: "LoadBalancer",
      ...(spec.selector ? { selector: spec.selector } : {}),
      ports: spec.ports,
      ...(settings.loadBalancerClass ? { loadBalancerClass: settings.loadBalancerClass } : {}),
      ...(settings.externalTrafficPolicy
        ? { externalTrafficPolicy: settings.externalTrafficPolicy }
        : {}),
      ...(fields.loadBalancerIP ? { loadBalancerIP: fields.loadBalancerIP } : {}),
    },
  };
}

/** Copies allocated `nodePort`s from `existing` ports onto `wanted` ports with the same port and protocol. */
export function carryNodePorts(
  wanted: readonly ServicePort[],
  existing: readonly ServicePort[] = [],
): ServicePort[] {
  return wanted.map((p) => {
    const old = existing.find((e) =>
      e.port === p.port && (e.protocol ?? "TCP") === (p.protocol ?? "TCP")
    );
    return old?.nodePort !== undefined && p.nodePort === undefined
      ? { ...p, nodePort: old.nodePort }
      : p;
  });
}

/**
 * Lays a desired Service of ours over the cached one: server-set fields (clusterIP, nodePorts,
 * resourceVersion, status) and others' labels and annotations are kept; our fields win; address
 * fields of other announcer profiles are removed when we own the address.
 *
 * @example
 * ```ts
 * const next = overlayService(desired, cached);
 * isDeepStrictEqual(next, cached); // true when nothing needs writing
 * ```
 */
export function overlayService(
  desired: Service,
  existing: Service | undefined,
  ownsAddress: boolean,
): Service {
  if (!existing) return desired;
  const annotations = { ...existing.metadata.annotations, ...desired.metadata.annotations };
  if (ownsAddress) {
    for (const key of KNOWN_ADDRESS_ANNOTATIONS) {
      if (!(key in (desired.metadata.annotations ?? {}))) delete annotations[key];
    }
  }
  const spec = { ...existing.spec, ...desired.spec };
  spec.ports = carryNodePorts(desired.spec?.ports ?? [], existing.spec?.ports);
  if (!desired.spec?.selector) delete spec.selector;
  if (ownsAddress && !desired.spec?.loadBalancerIP) delete spec.loadBalancerIP;
  if (existing.spec?.loadBalancerClass !== undefined) {
    spec.loadBalancerClass = existing.spec.loadBalancerClass;
  }
  if (!desired.spec?.externalTrafficPolicy && existing.spec?.externalTrafficPolicy) {
    spec.externalTrafficPolicy = existing.spec.externalTrafficPolicy;
  }
  const metadata = {
    ...existing.metadata,
    labels: { ...existing.metadata.labels, ...desired.metadata.labels },
    annotations,
    ...(desired.metadata.ownerReferences
      ? { ownerReferences: desired.metadata.ownerReferences }
      : {}),
  };
  return { ...existing, apiVersion: "v1", kind: "Service", metadata, spec };
}

/**
 * Whether `desired` (already laid over `existing`) differs from `existing`, i.e. needs a write.
 * Compares JSON data (key order does not matter); `undefined` members count as absent.
 *
 * @example
 * ```ts
 * needsWrite({ a: 1, b: [1] }, { b: [1], a: 1 }); // false
 * ```
 */
export function needsWrite<T>(desired: T, existing: T | undefined): boolean {
  return existing === undefined || !sameJson(desired, existing);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    count++;
    if (!sameJson(ra[k], rb[k])) return false;
  }
  for (const k in rb) if (rb[k] !== undefined) count--;
  return count === 0;
}
