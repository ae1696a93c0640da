/**
 * EndpointSlices of a `gateway`-behaviour Service (design §7): for each listener, the endpoints of the
 * winning route's backend Services, read from those Services' own EndpointSlices. The backend port is
 * resolved per endpoint (a named `targetPort` may differ from Pod to Pod), `nodeName`, `zone`,
 * `hostname`, `targetRef` and the ready/serving/terminating conditions are copied, weight-0 backends
 * are left out, and each slice holds at most 100 endpoints of one address type and one port.
 *
 * @module
 */
import type { Backend } from "./backends.ts";
import { dns1035Name, stableHash } from "./names.ts";
import { SERVICE_NAME_LABEL } from "./ownership.ts";
import type { Endpoint, EndpointSlice, OwnerReference } from "./types/mod.ts";

/** The endpoints one listener needs. */
export interface ListenerEndpoints {
  /** The Service port name of the listener. */
  portName: string;
  protocol: "TCP" | "UDP";
  /** The winning route's valid backends (weight 0 ones are skipped here). */
  backends: readonly Backend[];
}

/** What {@link buildEndpointSlices} needs. */
export interface SliceRequest {
  serviceName: string;
  namespace: string;
  /** Labels for every slice (ownership, infrastructure); the service-name label is added. */
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  ownerReferences?: OwnerReference[];
  listeners: readonly ListenerEndpoints[];
  /** Backend Services' own slices, by `namespace/serviceName`. */
  slicesOf: (serviceKey: string) => readonly EndpointSlice[];
  /** @default 100 */
  maxEndpoints?: number;
}

interface Group {
  portName: string;
  protocol: "TCP" | "UDP";
  addressType: "IPv4" | "IPv6";
  port: number;
  endpoints: Map<string, Endpoint>;
}

function copyEndpoint(e: Endpoint): Endpoint {
  const out: Endpoint = { addresses: [...e.addresses] };
  if (e.conditions) out.conditions = { ...e.conditions };
  if (e.hostname) out.hostname = e.hostname;
  if (e.nodeName) out.nodeName = e.nodeName;
  if (e.zone) out.zone = e.zone;
  if (e.targetRef) out.targetRef = { ...e.targetRef };
  return out;
}

function collect(req: SliceRequest): Group[] {
  const groups = new Map<string, Group>();
  for (const l of req.listeners) {
    for (const b of l.backends) {
      if (b.weight === 0 || !b.servicePort) continue;
      const wantedName = b.servicePort.name ?? "";
      for (const slice of req.slicesOf(`${b.namespace}/${b.name}`)) {
        if (slice.addressType !== "IPv4" && slice.addressType !== "IPv6") continue;
        const port = (slice.ports ?? []).find((p) =>
          (p.name ?? "") === wantedName && (p.protocol ?? "TCP") === l.protocol
        )?.port;
        if (port === undefined) continue;
        const key = `${l.portName}|${slice.addressType}|${port}`;
        let group = groups.get(key);
        if (!group) {
          group = { ...l, addressType: slice.addressType, port, endpoints: new Map() };
          groups.set(key, group);
        }
        for (const e of slice.endpoints ?? []) {
          const id = e.addresses.join(",");
          if (id && !group.endpoints.has(id)) group.endpoints.set(id, copyEndpoint(e));
        }
      }
    }
  }
  const cmp = (x: string, y: string) => x < y ? -1 : x > y ? 1 : 0;
  return [...groups.values()].sort((a, b) =>
    cmp(a.portName, b.portName) || cmp(a.addressType, b.addressType) || a.port - b.port
  );
}

/**
 * The complete EndpointSlices of one Service, in a stable order with stable names.
 *
 * @example
 * ```ts
 * buildEndpointSlices({ serviceName: "gw-l4", namespace: "apps", labels, annotations: {},
 *   listeners: [{ portName: "db", protocol: "TCP", backends }], slicesOf });
 * ```
 */
export function buildEndpointSlices(req: SliceRequest): EndpointSlice[] {
  const max = req.maxEndpoints ?? 100;
  const out: EndpointSlice[] = [];
  for (const g of collect(req)) {
    const endpoints = [...g.endpoints.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
      .map(([, e]) => e);
    for (let i = 0; i * max < endpoints.length; i++) {
      const identity =
        `${req.serviceName}|${g.portName}|${g.protocol}|${g.addressType}|${g.port}|${i}`;
      const name = dns1035Name(`${req.serviceName}-${stableHash(identity)}`, identity, 253);
      out.push({
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: {
          name,
          namespace: req.namespace,
          labels: { ...req.labels, [SERVICE_NAME_LABEL]: req.serviceName },
          ...(Object.keys(req.annotations).length ? { annotations: { ...req.annotations } } : {}),
          ...(req.ownerReferences ? { ownerReferences: req.ownerReferences } : {}),
        },
        addressType: g.addressType,
        endpoints: endpoints.slice(i * max, (i + 1) * max),
        ports: [{ name: g.portName, protocol: g.protocol, port: g.port }],
      });
    }
  }
  return out;
}
