/**
 * The `gateway` behaviour (design §7): one selectorless LoadBalancer Service per Gateway, named
 * `<gateway>-<class>` in the Gateway's namespace, one port per listener it serves, and the
 * EndpointSlices built from the winning routes' backends.
 *
 * @module
 */
import { GATEWAY_ANNOTATION, ownerGatewayKey } from "./ownership.ts";
import { buildEndpointSlices, type ListenerEndpoints } from "./endpoint_slices.ts";
import { managedService } from "./desired_services.ts";
import { dns1035Name } from "./names.ts";
import { type Planner, portName, protocolOf, type Served } from "./planner.ts";
import { type EndpointSlice, objectKey, type ServicePort } from "./types/mod.ts";

/** The `gateway` behaviour: one selectorless Service for the Gateway, and its EndpointSlices. */
export function planGatewayService(p: Planner, served: Served[]): void {
  if (served.length === 0) return;
  const g = p.ev.gateway;
  const namespace = g.metadata.namespace ?? "";
  const name = dns1035Name(`${g.metadata.name}-${p.ev.className}`);
  const ports: ServicePort[] = served.map((s) => ({
    name: portName(s.verdict),
    protocol: protocolOf(s.verdict),
    port: s.verdict.listener.port,
    targetPort: s.verdict.listener.port,
  }));
  const owner = p.sameNamespaceOwner(namespace);
  const desired = managedService({
    name,
    namespace,
    behaviour: "gateway",
    settings: p.settings,
    ports,
    ...(owner ? { ownerReferences: owner } : {}),
  });
  if (!p.addService(desired, "gateway", served)) return;
  for (const s of served) p.weightEvent(s);
  const listeners: ListenerEndpoints[] = served.map((s) => ({
    portName: portName(s.verdict),
    protocol: protocolOf(s.verdict),
    backends: s.winner ? s.winner.resolution.backends : [],
  }));
  const slices = buildEndpointSlices({
    serviceName: name,
    namespace,
    labels: { ...p.settings.infrastructure.labels, ...p.settings.ownership },
    annotations: {
      ...p.settings.infrastructure.annotations,
      [GATEWAY_ANNOTATION]: p.ev.key,
    },
    ...(owner ? { ownerReferences: owner } : {}),
    listeners,
    slicesOf: (k) =>
      (p.snap.slicesByService.get(k) ?? []).filter((s) =>
        ownerGatewayKey(s, p.snap.config.controllerName) === undefined
      ),
  });
  for (const slice of slices) {
    const key = objectKey(slice);
    if (p.snap.slicesByKey.has(key) && !p.snap.ourSlicesByKey.has(key)) {
      p.conflict(`EndpointSlice ${key} already exists and was not made by l4gw; delete it`);
      continue;
    }
    p.plan.slices.push(overlaySlice(p, slice));
  }
}

function overlaySlice(p: Planner, slice: EndpointSlice): EndpointSlice {
  const existing = p.snap.ourSlicesByKey.get(objectKey(slice));
  if (!existing) return slice;
  return {
    ...existing,
    ...slice,
    metadata: {
      ...existing.metadata,
      labels: slice.metadata.labels ?? {},
      annotations: { ...existing.metadata.annotations, ...slice.metadata.annotations },
      ...(slice.metadata.ownerReferences
        ? { ownerReferences: slice.metadata.ownerReferences }
        : {}),
    },
  };
}
