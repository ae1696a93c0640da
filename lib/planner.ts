/**
 * The state one Gateway's plan builds up (desired Services and slices, readiness, conflicts, Events)
 * and the helpers the behaviour modules share: the settings every Service of the Gateway carries,
 * name-conflict checks, owner references, the one-backend choice of non-`gateway` behaviours.
 *
 * @module
 */
import { DHCP_ADDRESS } from "./announcer.ts";
import type { Backend } from "./backends.ts";
import { PROTOCOL_OF_KIND } from "./backends.ts";
import type { ServiceBehaviour } from "./cli.ts";
import { needsWrite, overlayService, type ServiceSettings } from "./desired_services.ts";
import type { GatewayEval } from "./gateway_eval.ts";
import type { ListenerVerdict } from "./listeners.ts";
import { dns1035Name } from "./names.ts";
import { ownerGatewayKey, ownershipLabels } from "./ownership.ts";
import type { RouteEval } from "./route_eval.ts";
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

/** A listener to serve, with the route that wins it (if any). */
export interface Served {
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

/** An Event reference to a route. */
export function routeRef(r: RouteEval): EventObjectReference {
  return refOf(r.kr.route, `${GATEWAY_GROUP}/v1`, r.kr.kind);
}

/** A controller ownerReference to `obj`, or undefined when it has no UID (offline input). */
export function ownerRef(obj: KubeObject, kind: string): OwnerReference[] | undefined {
  if (!obj.metadata.uid) return undefined;
  return [{
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind,
    name: obj.metadata.name ?? "",
    uid: obj.metadata.uid,
    controller: true,
  }];
}

/** The Service port name of a listener (a DNS-1035 label). */
export function portName(v: ListenerVerdict): string {
  return dns1035Name(v.listener.name);
}

/** The transport protocol of an accepted listener. */
export function protocolOf(v: ListenerVerdict): "TCP" | "UDP" {
  return PROTOCOL_OF_KIND[v.routeKind!];
}

/** A route's valid backends whose weight is not 0. */
export function usable(r: RouteEval): Backend[] {
  return r.resolution.backends.filter((b) => b.weight !== 0);
}

/** Shared state and helpers of one Gateway's plan. */
export class Planner {
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

  /** Records an Event (about the Gateway unless `regarding` says otherwise). */
  event(e: Omit<TranslateEvent, "regarding"> & { regarding?: TranslateEvent["regarding"] }): void {
    this.plan.events.push({
      regarding: e.regarding ?? refOf(this.ev.gateway, `${GATEWAY_GROUP}/v1`, "Gateway"),
      ...e,
    } as TranslateEvent);
  }

  /** Adds a desired Service unless its name is taken; returns whether it was added. */
  addService(desired: Service, behaviour: ServiceBehaviour, listeners: Served[]): boolean {
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

  /** Records a desired Service (already laid over the cache) and the listeners it serves. */
  keep(next: Service, existing: Service | undefined, listeners: Served[]): void {
    const key = objectKey(next);
    this.plan.services.push(next);
    this.plan.serviceReady.set(key, !needsWrite(next, existing));
    for (const s of listeners) this.plan.listenerService.set(s.verdict.listener.name, key);
  }

  /** Records a problem a user must fix, and the listeners it leaves unserved. */
  conflict(message: string, served: Served[] = []): void {
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

  /** Says, in an Event, that kube-proxy cannot apply backend weights other than 0. */
  weightEvent(s: Served): void {
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
}
