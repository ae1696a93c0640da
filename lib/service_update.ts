/**
 * The `update` behaviour (design §7): a user's Service becomes a LoadBalancer carrying the Gateway's
 * address, and what it was before is recorded on it, so that it can be restored exactly.
 *
 * The record is the annotation `l4gw.io/previous`: JSON (sorted keys) holding, for every field we
 * change, its value before we first changed it (`null`: it was absent): `type`, `ports`,
 * `loadBalancerClass`, `externalTrafficPolicy`, `loadBalancerIP`, and each label and annotation key we
 * set. It is written with the first change and only grows (a key we start setting later is recorded
 * with its value at that time). While the record exists the Service's ports are the recorded ports
 * plus the listener ports we need; a restore puts every recorded field back and removes the record.
 *
 * @module
 */
import type { Service, ServicePort } from "./types/mod.ts";
import { carryNodePorts } from "./desired_services.ts";

/** The annotation holding the previous shape. */
export const PREVIOUS_ANNOTATION = "l4gw.io/previous";

type Spec = NonNullable<Service["spec"]>;
const SPEC_FIELDS = [
  "type",
  "ports",
  "loadBalancerClass",
  "externalTrafficPolicy",
  "loadBalancerIP",
] as const;
type SpecField = typeof SPEC_FIELDS[number];

/** The recorded previous shape. */
export interface PreviousShape {
  spec: Partial<Record<SpecField, unknown>>;
  labels: Record<string, string | null>;
  annotations: Record<string, string | null>;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Reads the record from a Service; undefined when there is none (or it is unreadable). */
export function readPrevious(service: Service): PreviousShape | undefined {
  const text = service.metadata.annotations?.[PREVIOUS_ANNOTATION];
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text);
    return {
      spec: parsed.spec ?? {},
      labels: parsed.labels ?? {},
      annotations: parsed.annotations ?? {},
    };
  } catch {
    return undefined;
  }
}

/** The changes `update` makes to a Service. */
export interface TakeOver {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Ports the listeners need (listener port → backend target port). */
  ports: ServicePort[];
  loadBalancerClass?: string;
  externalTrafficPolicy?: "Cluster" | "Local";
  loadBalancerIP?: string;
}

/**
 * The user's Service with our changes applied and the record extended; or an error message when a
 * port we need is already used on the Service for something else.
 *
 * @example
 * ```ts
 * takeOver(userService, { labels, annotations, ports: [{ port: 80, protocol: "TCP", targetPort: 8080 }] });
 * ```
 */
export function takeOver(
  existing: Service,
  change: TakeOver,
): { ok: true; service: Service } | { ok: false; message: string } {
  const spec: Spec = existing.spec ?? {};
  const previous = readPrevious(existing) ?? { spec: {}, labels: {}, annotations: {} };
  const record = structuredClone(previous);
  const wantedSpec: Partial<Record<SpecField, unknown>> = {
    type: "LoadBalancer",
    ports: true,
    ...(change.loadBalancerClass ? { loadBalancerClass: change.loadBalancerClass } : {}),
    ...(change.externalTrafficPolicy
      ? { externalTrafficPolicy: change.externalTrafficPolicy }
      : {}),
    ...(change.loadBalancerIP ? { loadBalancerIP: change.loadBalancerIP } : {}),
  };
  for (const field of Object.keys(wantedSpec) as SpecField[]) {
    if (!(field in record.spec)) record.spec[field] = structuredClone(spec[field]) ?? null;
  }
  for (const [k] of Object.entries(change.labels)) {
    if (!(k in record.labels)) record.labels[k] = existing.metadata.labels?.[k] ?? null;
  }
  for (const [k] of Object.entries(change.annotations)) {
    if (!(k in record.annotations)) {
      record.annotations[k] = existing.metadata.annotations?.[k] ?? null;
    }
  }
  const base = (record.spec.ports as ServicePort[] | null) ?? [];
  const ports = [...base];
  for (const p of change.ports) {
    const same = ports.find((e) =>
      e.port === p.port && (e.protocol ?? "TCP") === (p.protocol ?? "TCP")
    );
    if (!same) ports.push(p);
    else if ((same.targetPort ?? same.port) !== (p.targetPort ?? p.port)) {
      return {
        ok: false,
        message: `Service ${existing.metadata.namespace}/${existing.metadata.name} already uses ` +
          `${p.protocol ?? "TCP"} port ${p.port} for target ${
            same.targetPort ?? same.port
          }, not ${p.targetPort}`,
      };
    }
  }
  const nextSpec: Spec = {
    ...spec,
    type: "LoadBalancer",
    ports: carryNodePorts(ports, spec.ports),
  };
  if (change.loadBalancerClass) nextSpec.loadBalancerClass = change.loadBalancerClass;
  if (change.externalTrafficPolicy) nextSpec.externalTrafficPolicy = change.externalTrafficPolicy;
  if (change.loadBalancerIP) nextSpec.loadBalancerIP = change.loadBalancerIP;
  return {
    ok: true,
    service: {
      ...existing,
      metadata: {
        ...existing.metadata,
        labels: { ...existing.metadata.labels, ...change.labels },
        annotations: {
          ...existing.metadata.annotations,
          ...change.annotations,
          [PREVIOUS_ANNOTATION]: JSON.stringify(sortKeys(record)),
        },
      },
      spec: nextSpec,
    },
  };
}

function applyRecord(target: Record<string, string>, record: Record<string, string | null>) {
  for (const [k, v] of Object.entries(record)) {
    if (v === null) delete target[k];
    else target[k] = v;
  }
}

/**
 * The Service as it was before `update` changed it: every recorded field put back, the record
 * removed. A Service without a record is returned unchanged.
 *
 * @example
 * ```ts
 * restore(takeOver(user, change).service); // deep-equals `user` (apart from server-set fields)
 * ```
 */
export function restore(service: Service): Service {
  const record = readPrevious(service);
  if (!record) return service;
  const labels = { ...service.metadata.labels };
  const annotations = { ...service.metadata.annotations };
  applyRecord(labels, record.labels);
  applyRecord(annotations, record.annotations);
  delete annotations[PREVIOUS_ANNOTATION];
  const spec: Record<string, unknown> = { ...service.spec };
  for (const field of SPEC_FIELDS) {
    if (!(field in record.spec)) continue;
    const v = record.spec[field];
    if (v === null || v === undefined) delete spec[field];
    else spec[field] = structuredClone(v);
  }
  if (spec.type !== "LoadBalancer" && spec.type !== "NodePort") {
    for (
      const f of ["externalTrafficPolicy", "healthCheckNodePort", "allocateLoadBalancerNodePorts"]
    ) {
      if (!(f in record.spec)) delete spec[f];
    }
  }
  const metadata = { ...service.metadata, labels, annotations };
  if (Object.keys(labels).length === 0) delete (metadata as { labels?: unknown }).labels;
  if (Object.keys(annotations).length === 0) {
    delete (metadata as { annotations?: unknown }).annotations;
  }
  return { ...service, metadata, spec: spec as Spec };
}
