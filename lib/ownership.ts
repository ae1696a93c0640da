/**
 * How the controller recognises what it made, without keeping state: labels on every Service and
 * EndpointSlice it writes, read back from the cache.
 *
 * | key | value | on |
 * | --- | --- | --- |
 * | `app.kubernetes.io/managed-by` | `l4gw` | Services, EndpointSlices |
 * | `l4gw.io/controller` | the controllerName as a label value | Services, EndpointSlices |
 * | `gateway.networking.k8s.io/gateway-name` | Gateway name (GEP-1762) | Services, EndpointSlices |
 * | `gateway.networking.k8s.io/gateway-namespace` | Gateway namespace | Services, EndpointSlices |
 * | `gateway.networking.k8s.io/gateway-class-name` | GatewayClass name | Services, EndpointSlices |
 * | `l4gw.io/service-behaviour` | `gateway`, `create`, `duplicate` or `update` | Services |
 * | `implementation` | `-implementation-label` (kube-vip-cloud-provider's key) | Services |
 * | `endpointslice.kubernetes.io/managed-by` | `endpointslice-controller.l4gw.io` | EndpointSlices |
 * | `kubernetes.io/service-name` | the Service | EndpointSlices |
 *
 * The annotation `l4gw.io/gateway: <namespace>/<name>` holds the exact Gateway key (label values are
 * cut at 63 characters).
 *
 * @module
 */
import { labelValue } from "./names.ts";
import type { KubeObject } from "./types/mod.ts";

/** `app.kubernetes.io/managed-by`. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
/** Our value of `app.kubernetes.io/managed-by`. */
export const MANAGED_BY = "l4gw";
/** Which controller instance (controllerName) made the object. */
export const CONTROLLER_LABEL = "l4gw.io/controller";
/** GEP-1762 label: the Gateway's name. */
export const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";
/** The Gateway's namespace (Services of `create`/`duplicate`/`update` may live elsewhere). */
export const GATEWAY_NAMESPACE_LABEL = "gateway.networking.k8s.io/gateway-namespace";
/** GEP-1762 label: the GatewayClass's name. */
export const GATEWAY_CLASS_LABEL = "gateway.networking.k8s.io/gateway-class-name";
/** Which service behaviour made the object. */
export const BEHAVIOUR_LABEL = "l4gw.io/service-behaviour";
/** kube-vip-cloud-provider's label for Services it and kube-vip consider. */
export const IMPLEMENTATION_LABEL = "implementation";
/** The exact Gateway key. */
export const GATEWAY_ANNOTATION = "l4gw.io/gateway";
/** EndpointSlice: the Service it belongs to. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
/** EndpointSlice: who manages it (never the built-in controller's value). */
export const SLICE_MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
/** Our value of `endpointslice.kubernetes.io/managed-by`. */
export const SLICE_MANAGED_BY = "endpointslice-controller.l4gw.io";

/** The Gateway an object is made for. */
export interface OwnerGateway {
  namespace: string;
  name: string;
  className: string;
}

/**
 * The labels that mark an object as made by this controller for `gateway`.
 *
 * @example
 * ```ts
 * ownershipLabels({ namespace: "apps", name: "gw", className: "l4" }, "kube-vip.io/controller");
 * ```
 */
export function ownershipLabels(
  gateway: OwnerGateway,
  controllerName: string,
): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [CONTROLLER_LABEL]: labelValue(controllerName),
    [GATEWAY_NAME_LABEL]: labelValue(gateway.name),
    [GATEWAY_NAMESPACE_LABEL]: labelValue(gateway.namespace),
    [GATEWAY_CLASS_LABEL]: labelValue(gateway.className),
  };
}

/** Whether `object` carries our ownership labels (for this controllerName). */
export function isOurs(object: KubeObject, controllerName: string): boolean {
  const labels = object.metadata.labels ?? {};
  return labels[MANAGED_BY_LABEL] === MANAGED_BY &&
    labels[CONTROLLER_LABEL] === labelValue(controllerName);
}

/**
 * The `namespace/name` key of the Gateway an object of ours was made for, or undefined when it is
 * not ours.
 *
 * @example
 * ```ts
 * ownerGatewayKey(service, "kube-vip.io/controller"); // "apps/gw"
 * ```
 */
export function ownerGatewayKey(object: KubeObject, controllerName: string): string | undefined {
  if (!isOurs(object, controllerName)) return undefined;
  const exact = object.metadata.annotations?.[GATEWAY_ANNOTATION];
  if (exact) return exact;
  const labels = object.metadata.labels ?? {};
  const ns = labels[GATEWAY_NAMESPACE_LABEL] ?? object.metadata.namespace ?? "";
  return `${ns}/${labels[GATEWAY_NAME_LABEL] ?? ""}`;
}
