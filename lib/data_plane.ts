/**
 * Step 5 of a pass: the Services and EndpointSlices one Gateway needs (design §7). Each accepted
 * listener is served by exactly one Service port at the Gateway's address, chosen by the behaviour of
 * the route that wins the listener (the oldest); a listener without a route is served by the
 * `gateway` Service only when that is the default behaviour.
 *
 * @module
 */
import { DHCP_ADDRESS } from "./announcer.ts";
import type { Backend } from "./backends.ts";
import { PROTOCOL_OF_KIND } from "./backends.ts";
import type { ServiceBehaviour } from "./cli.ts";
import {
  managedService,
  needsWrite,
  overlayService,
  serviceMetadata,
  type ServiceSettings,
} from "./desired_services.ts";
import { buildEndpointSlices, type ListenerEndpoints } from "./endpoint_slices.ts";
import type { GatewayEval } from "./gateway_eval.ts";
import type { ListenerVerdict } from "./listeners.ts";
import { dns1035Name, stableHash } from "./names.ts";
import { GATEWAY_ANNOTATION, ownerGatewayKey, ownershipLabels } from "./ownership.ts";
import type { RouteEval } from "./route_eval.ts";
import { createSelector } from "./service_behaviour.ts";
import { takeOver } from "./service_update.ts";
import type { Snapshot } from "./snapshot.ts";
import type { TranslateEvent } from "./translate_types.ts";
import {
  type EndpointSlice,
  type EventObjectReference,
  GATEWAY_GROUP,
  type KubeObject,
  objectKey,
  type OwnerReference,
  type Service,
  type ServicePort,
} from "./types/mod.ts";

/** The objects one Gateway needs and whether they are in place. */
export interface GatewayPlan {
  /** Desired Services (laid over the cache). */
  services: Service[];
  /** Desired EndpointSlices (laid over the cache). */
  slices: EndpointSlice[];
  /** `namespace/name` of each desired Service → whether the cache already matches it. */
  serviceReady: Map<string, boolean>;
  /** Listener name → `namespace/name` of the Service serving it. */
  listenerService: Map<string, string>;
  /** Problems a user must fix (names taken, ports in use); the Gateway is not Programmed. */
  conflicts: string[];
  /** Listeners whose Service could not be made because of a conflict. */
  blocked: Set<string>;
  events: TranslateEvent[];
}

interface Served {
  verdict: ListenerVerdict;
  winner?: RouteEval;
}

/** An Event reference to any object. */
export function refOf(obj: KubeObject, apiVersion: string, kind: string): EventObjectReference {
  return {
    apiVersion,
    kind,
    namespace: obj.metadata.namespace ?? "",
    name: obj.metadata.name ?? "",
    ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
  };
}

function routeRef(r: RouteEval) {
  return refOf(r.kr.route, `${GATEWAY_GROUP}/v1`, r.kr.kind);
}

function ownerRef(obj: KubeObject, kind: string): OwnerReference[] | undefined {
  if (!obj.metadata.uid) return undefined;
  return [{
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind,
    name: obj.metadata.name ?? "",
    uid: obj.metadata.uid,
    controller: true,
  }];
}

function portName(v: ListenerVerdict): string {
  return dns1035Name(v.listener.name);
}

function protocolOf(v: ListenerVerdict): "TCP" | "UDP" {
  return PROTOCOL_OF_KIND[v.routeKind!];
}

function usable(r: RouteEval): Backend[] {
  return r.resolution.backends.filter((b) => b.weight !== 0);
}

class Planner {
  plan: GatewayPlan = {
    services: [],
    slices: [],
    serviceReady: new Map(),
    listenerService: new Map(),
    conflicts: [],
    blocked: new Set(),
    events: [],
  };
  settings: ServiceSettings;

  constructor(
    readonly snap: Snapshot,
    readonly ev: GatewayEval,
    readonly claims: Map<string, string>,
  ) {
    const g = ev.gateway;
    const decided = ev.address!;
    const address = decided.kind === "assigned"
      ? decided.address
      : decided.kind === "announcer"
      ? decided.requested ?? (decided.dhcp ? DHCP_ADDRESS : undefined)
      : undefined;
    this.settings = {
      announcer: ev.announcer,
      address,
      ownsAddress: address !== undefined,
      setLoadBalancerIp: snap.config.setLoadBalancerIp,
      implementationLabel: snap.config.implementationLabel,
      ownership: ownershipLabels({
        namespace: g.metadata.namespace ?? "",
        name: g.metadata.name ?? "",
        className: ev.className,
      }, snap.config.controllerName),
      gatewayKey: ev.key,
      infrastructure: {
        labels: g.spec.infrastructure?.labels ?? {},
        annotations: g.spec.infrastructure?.annotations ?? {},
      },
      ...(ev.loadBalancerClass ? { loadBalancerClass: ev.loadBalancerClass } : {}),
      ...(ev.externalTrafficPolicy ? { externalTrafficPolicy: ev.externalTrafficPolicy } : {}),
    };
  }

  event(e: Omit<TranslateEvent, "regarding"> & { regarding?: TranslateEvent["regarding"] }) {
    this.plan.events.push({
      regarding: e.regarding ?? refOf(this.ev.gateway, `${GATEWAY_GROUP}/v1`, "Gateway"),
      ...e,
    } as TranslateEvent);
  }

  /** Adds a desired Service unless its name is taken by an object not made for this Gateway. */
  addService(desired: Service, behaviour: ServiceBehaviour, listeners: Served[]) {
    const key = objectKey(desired);
    const existing = this.snap.services.get(key);
    if (existing && ownerGatewayKey(existing, this.snap.config.controllerName) !== this.ev.key) {
      this.conflict(
        `Service ${key} already exists and was not made by l4gw for this Gateway; rename or ` +
          `delete it (wanted for ${behaviour} behaviour)`,
        listeners,
      );
      return false;
    }
    const next = overlayService(desired, existing, this.settings.ownsAddress);
    this.keep(next, existing, listeners);
    return true;
  }

  keep(next: Service, existing: Service | undefined, listeners: Served[]) {
    const key = objectKey(next);
    this.plan.services.push(next);
    this.plan.serviceReady.set(key, !needsWrite(next, existing));
    for (const s of listeners) this.plan.listenerService.set(s.verdict.listener.name, key);
  }

  conflict(message: string, served: Served[] = []) {
    this.plan.conflicts.push(message);
    for (const s of served) this.plan.blocked.add(s.verdict.listener.name);
    this.event({
      type: "Warning",
      reason: "ServiceConflict",
      action: "EnsureService",
      note: message,
    });
  }

  sameNamespaceOwner(namespace: string): OwnerReference[] | undefined {
    return namespace === this.ev.gateway.metadata.namespace
      ? ownerRef(this.ev.gateway, "Gateway")
      : undefined;
  }

  gateway(served: Served[]) {
    if (served.length === 0) return;
    const g = this.ev.gateway;
    const namespace = g.metadata.namespace ?? "";
    const name = dns1035Name(`${g.metadata.name}-${this.ev.className}`);
    const ports: ServicePort[] = served.map((s) => ({
      name: portName(s.verdict),
      protocol: protocolOf(s.verdict),
      port: s.verdict.listener.port,
      targetPort: s.verdict.listener.port,
    }));
    const owner = this.sameNamespaceOwner(namespace);
    const desired = managedService({
      name,
      namespace,
      behaviour: "gateway",
      settings: this.settings,
      ports,
      ...(owner ? { ownerReferences: owner } : {}),
    });
    if (!this.addService(desired, "gateway", served)) return;
    for (const s of served) this.weightEvent(s);
    const listeners: ListenerEndpoints[] = served.map((s) => ({
      portName: portName(s.verdict),
      protocol: protocolOf(s.verdict),
      backends: s.winner ? s.winner.resolution.backends : [],
    }));
    const slices = buildEndpointSlices({
      serviceName: name,
      namespace,
      labels: { ...this.settings.infrastructure.labels, ...this.settings.ownership },
      annotations: {
        ...this.settings.infrastructure.annotations,
        [GATEWAY_ANNOTATION]: this.ev.key,
      },
      ...(owner ? { ownerReferences: owner } : {}),
      listeners,
      slicesOf: (k) =>
        (this.snap.slicesByService.get(k) ?? []).filter((s) =>
          ownerGatewayKey(s, this.snap.config.controllerName) === undefined
        ),
    });
    for (const slice of slices) {
      const key = objectKey(slice);
      if (this.snap.slicesByKey.has(key) && !this.snap.ourSlicesByKey.has(key)) {
        this.conflict(`EndpointSlice ${key} already exists and was not made by l4gw; delete it`);
        continue;
      }
      this.plan.slices.push(this.overlaySlice(slice));
    }
  }

  overlaySlice(slice: EndpointSlice): EndpointSlice {
    const existing = this.snap.ourSlicesByKey.get(objectKey(slice));
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

  weightEvent(s: Served) {
    const live = s.winner ? usable(s.winner) : [];
    if (live.length < 2) return;
    const weights = live.map((b) => `${b.namespace}/${b.name}=${b.weight}`).join(", ");
    this.event({
      regarding: routeRef(s.winner!),
      type: "Warning",
      reason: "WeightsNotHonoured",
      action: "ProgramEndpoints",
      note:
        `kube-proxy spreads connections evenly over the endpoints of all backends of listener ` +
        `${s.verdict.listener.name}; the weights (${weights}) are not applied (weight 0 is)`,
    });
  }

  /** The one backend a create/duplicate/update listener uses, with an Event when others are ignored. */
  chooseBackend(s: Served): Backend | undefined {
    const live = usable(s.winner!);
    if (live.length > 1) {
      this.event({
        regarding: routeRef(s.winner!),
        type: "Warning",
        reason: "BackendsIgnored",
        action: "EnsureService",
        note:
          `serviceBehaviour ${(s.winner!.behaviour as { behaviour: string }).behaviour} serves ` +
          `one backend per listener: ${live[0]!.namespace}/${live[0]!.name} is used, ${
            live.slice(1).map((b) => `${b.namespace}/${b.name}`).join(", ")
          } ignored`,
      });
    }
    return live[0];
  }

  create(route: RouteEval, served: Served[]) {
    const backend = this.chooseBackend(served[0]!);
    const selector = createSelector(route.kr.route);
    if (!backend || !selector) return;
    const g = this.ev.gateway;
    const r = route.kr.route;
    const namespace = backend.namespace;
    const identity = `${route.kr.kind}/${r.metadata.namespace}/${r.metadata.name}/${this.ev.key}`;
    const base = `${r.metadata.name}-${g.metadata.name}`;
    const foreign = r.metadata.namespace !== namespace || g.metadata.namespace !== namespace;
    const name = dns1035Name(foreign ? `${base}-${stableHash(identity)}` : base, identity);
    const owner = this.sameNamespaceOwner(namespace) ??
      (r.metadata.namespace === namespace ? ownerRef(r, route.kr.kind) : undefined);
    this.addService(
      managedService({
        name,
        namespace,
        behaviour: "create",
        settings: this.settings,
        selector,
        source: route.key,
        ports: served.map((s) => ({
          name: portName(s.verdict),
          protocol: protocolOf(s.verdict),
          port: s.verdict.listener.port,
          targetPort: backend.port,
        })),
        ...(owner ? { ownerReferences: owner } : {}),
      }),
      "create",
      served,
    );
  }

  duplicate(backend: Backend, served: Served[]) {
    const g = this.ev.gateway;
    const source = backend.service!;
    const selector = source.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) {
      this.conflict(
        `Service ${backend.namespace}/${backend.name} has no selector, so serviceBehaviour ` +
          `duplicate has nothing to copy; use the gateway behaviour for selectorless Services`,
        served,
      );
      return;
    }
    const identity = `Service/${backend.namespace}/${backend.name}/${this.ev.key}`;
    const base = `${backend.name}-${g.metadata.name}`;
    const foreign = g.metadata.namespace !== backend.namespace;
    const name = dns1035Name(foreign ? `${base}-${stableHash(identity)}` : base, identity);
    const owner = this.sameNamespaceOwner(backend.namespace);
    this.addService(
      managedService({
        name,
        namespace: backend.namespace,
        behaviour: "duplicate",
        settings: this.settings,
        selector: { ...selector },
        source: `Service ${backend.namespace}/${backend.name}`,
        ports: served.map((s) => ({
          name: portName(s.verdict),
          protocol: protocolOf(s.verdict),
          port: s.verdict.listener.port,
          targetPort: backend.servicePort?.targetPort ?? backend.port,
        })),
        ...(owner ? { ownerReferences: owner } : {}),
      }),
      "duplicate",
      served,
    );
  }

  update(backend: Backend, served: Served[]) {
    const svc = backend.service!;
    const key = objectKey(svc);
    const holder = ownerGatewayKey(svc, this.snap.config.controllerName) ?? this.claims.get(key);
    if (holder && holder !== this.ev.key) {
      this.conflict(
        `Service ${key} is already updated for Gateway ${holder}; a Service can carry one ` +
          `Gateway address`,
        served,
      );
      return;
    }
    this.claims.set(key, this.ev.key);
    const meta = serviceMetadata(this.settings, "update");
    const ip = this.settings.address && this.settings.address !== DHCP_ADDRESS &&
        (this.settings.announcer === "generic" || this.settings.setLoadBalancerIp)
      ? this.settings.address
      : undefined;
    const out = takeOver(svc, {
      labels: meta.labels,
      annotations: meta.annotations,
      ports: served.map((s) => ({
        name: portName(s.verdict),
        protocol: protocolOf(s.verdict),
        port: s.verdict.listener.port,
        targetPort: backend.servicePort?.targetPort ?? backend.port,
      })),
      ...(this.settings.loadBalancerClass
        ? { loadBalancerClass: this.settings.loadBalancerClass }
        : {}),
      ...(this.settings.externalTrafficPolicy
        ? { externalTrafficPolicy: this.settings.externalTrafficPolicy }
        : {}),
      ...(ip ? { loadBalancerIP: ip } : {}),
    });
    if (!out.ok) {
      this.conflict(out.message, served);
      return;
    }
    this.keep(out.service, svc, served);
  }
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) out.set(key(i), [...(out.get(key(i)) ?? []), i]);
  return out;
}

/**
 * Plans the Services and EndpointSlices of one accepted Gateway that has an address decision.
 * `claims` records, across the Gateways of one pass, which Gateway updates which user Service.
 *
 * @example
 * ```ts
 * const plan = planGateway(snapshot, gatewayEval, routesOnListeners.get(key), new Map());
 * ```
 */
export function planGateway(
  snap: Snapshot,
  ev: GatewayEval,
  onListeners: ReadonlyMap<string, RouteEval[]> | undefined,
  claims: Map<string, string>,
): GatewayPlan {
  const p = new Planner(snap, ev, claims);
  const byBehaviour: Record<ServiceBehaviour, Served[]> = {
    gateway: [],
    create: [],
    duplicate: [],
    update: [],
  };
  for (const verdict of ev.verdicts) {
    if (!verdict.accepted || verdict.supportedKinds.length === 0) continue;
    const routes = onListeners?.get(verdict.listener.name) ?? [];
    const [winner, ...losers] = routes;
    for (const loser of losers) {
      p.event({
        regarding: routeRef(loser),
        related: routeRef(winner!),
        type: "Warning",
        reason: "RouteNotSelected",
        action: "SelectRoute",
        note:
          `${winner!.key} carries the traffic of listener ${verdict.listener.name} on Gateway ` +
          `${ev.key} (the oldest route wins); this route is attached but carries none`,
      });
    }
    const behaviour = winner && winner.behaviour.ok
      ? winner.behaviour.behaviour
      : snap.config.serviceBehaviour;
    if (!winner && behaviour !== "gateway") continue;
    byBehaviour[behaviour].push(winner ? { verdict, winner } : { verdict });
  }
  p.gateway(byBehaviour.gateway);
  for (const served of groupBy(byBehaviour.create, (s) => s.winner!.key).values()) {
    p.create(served[0]!.winner!, served);
  }
  for (const kind of ["duplicate", "update"] as const) {
    const withBackend = byBehaviour[kind].map((s) => ({ s, b: p.chooseBackend(s) }))
      .filter((x): x is { s: Served; b: Backend } => x.b !== undefined);
    for (const group of groupBy(withBackend, (x) => `${x.b.namespace}/${x.b.name}`).values()) {
      const served = group.map((x) => x.s);
      if (kind === "duplicate") p.duplicate(group[0]!.b, served);
      else p.update(group[0]!.b, served);
    }
  }
  return p.plan;
}
