/**
 * Index functions for the informer caches: how a change to one object finds the keys of the others
 * it affects (a Service → the routes that use it → their Gateways). Pure: objects in, keys out.
 *
 * @module
 */
import { ownerGatewayKey } from "../lib/ownership.ts";
import {
  type EndpointSlice,
  type Gateway,
  GATEWAY_GROUP,
  type GatewayClass,
  type KubeObject,
  type L4Route,
  type ReferenceGrant,
} from "../lib/types/mod.ts";

/** Index names used across the controllers. */
export const INDEX = {
  /** Routes by the `namespace/name` of each Gateway in their `parentRefs`. */
  parent: "parent",
  /** Routes by the `namespace/name` of each Service in their `backendRefs`. */
  backend: "backend",
  /** Gateways by `spec.gatewayClassName`. */
  gatewayClass: "class",
  /** GatewayClasses by the `namespace/name` of the ConfigMap their `parametersRef` names. */
  parameters: "parameters",
  /** Services and EndpointSlices by the Gateway they were made for (ours only). */
  ownerGateway: "owner-gateway",
  /** EndpointSlices by `namespace/<kubernetes.io/service-name>`. */
  service: "service",
  /** ReferenceGrants by each namespace in `spec.from`. */
  fromNamespace: "from-namespace",
} as const;

const ns = (o: KubeObject) => o.metadata.namespace ?? "";

/** The Gateways a route names as parents (`namespace/name`; other kinds are not ours to follow). */
export function routeParents(route: L4Route): string[] {
  const keys = new Set<string>();
  for (const ref of route.spec?.parentRefs ?? []) {
    if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? "Gateway") !== "Gateway") {
      continue;
    }
    keys.add(`${ref.namespace ?? ns(route)}/${ref.name}`);
  }
  return [...keys];
}

/** The Services a route names as backends, in every rule (v1alpha2 objects may have several). */
export function routeBackends(route: L4Route): string[] {
  const keys = new Set<string>();
  for (const rule of route.spec?.rules ?? []) {
    for (const ref of rule.backendRefs ?? []) {
      if ((ref.group ?? "") !== "" || (ref.kind ?? "Service") !== "Service") continue;
      keys.add(`${ref.namespace ?? ns(route)}/${ref.name}`);
    }
  }
  return [...keys];
}

/** A Gateway's class name. */
export function gatewayClassOf(gateway: Gateway): string[] {
  return gateway.spec?.gatewayClassName ? [gateway.spec.gatewayClassName] : [];
}

/** The ConfigMap a GatewayClass takes its parameters from (`namespace/name`). */
export function classParameters(gatewayClass: GatewayClass): string[] {
  const ref = gatewayClass.spec?.parametersRef;
  if (!ref || ref.group !== "" || ref.kind !== "ConfigMap" || !ref.namespace) return [];
  return [`${ref.namespace}/${ref.name}`];
}

/** The Gateway an object of ours was made for, by the given controller. */
export function ownerGateway(controllerName: string): (object: KubeObject) => string[] {
  return (object) => {
    const key = ownerGatewayKey(object, controllerName);
    return key ? [key] : [];
  };
}

/** The Service an EndpointSlice belongs to. */
export function sliceService(slice: EndpointSlice): string[] {
  const name = slice.metadata.labels?.["kubernetes.io/service-name"];
  return name ? [`${ns(slice)}/${name}`] : [];
}

/** The namespaces a ReferenceGrant admits references from. */
export function grantFromNamespaces(grant: ReferenceGrant): string[] {
  return [...new Set((grant.spec?.from ?? []).map((f) => f.namespace))];
}
