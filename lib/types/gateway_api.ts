/**
 * Gateway API v1.6 kinds an L4 controller reads and writes: GatewayClass, Gateway, TCPRoute, UDPRoute,
 * ReferenceGrant. Written by hand because the npm models (`@kubernetes-models/gateway-api` 2.0.0)
 * predate v1.6 and ship TCPRoute/UDPRoute only as v1alpha2 (reference §5). Field names and optionality
 * follow `apis/v1/*_types.go` at v1.6.1; fields we never read are left untyped but preserved.
 *
 * @module
 */
import type { Condition, KubeObject, LabelSelector } from "./meta.ts";

/** The Gateway API group. */
export const GATEWAY_GROUP = "gateway.networking.k8s.io";

/** `ParametersReference` of a GatewayClass. */
export interface ParametersReference {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** GatewayClass `status.supportedFeatures[]`. */
export interface SupportedFeature {
  name: string;
}

/** `gateway.networking.k8s.io/v1` GatewayClass (cluster-scoped). */
export interface GatewayClass extends KubeObject {
  spec: {
    controllerName: string;
    parametersRef?: ParametersReference;
    description?: string;
  };
  status?: {
    conditions?: Condition[];
    supportedFeatures?: SupportedFeature[];
  };
}

/** `RouteGroupKind`. */
export interface RouteGroupKind {
  group?: string;
  kind: string;
}

/** `AllowedRoutes` of a listener. */
export interface AllowedRoutes {
  namespaces?: { from?: "All" | "Same" | "Selector"; selector?: LabelSelector };
  kinds?: RouteGroupKind[];
}

/** A Gateway `Listener`. */
export interface Listener {
  name: string;
  hostname?: string;
  port: number;
  protocol: string;
  tls?: unknown;
  allowedRoutes?: AllowedRoutes;
}

/** `GatewaySpecAddress`. `type` defaults to `IPAddress`. */
export interface GatewaySpecAddress {
  type?: string;
  value?: string;
}

/** `GatewayStatusAddress`. */
export interface GatewayStatusAddress {
  type?: string;
  value: string;
}

/** `GatewayInfrastructure`: labels and annotations for every generated resource. */
export interface GatewayInfrastructure {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  parametersRef?: { group: string; kind: string; name: string };
}

/** `ListenerStatus`. */
export interface ListenerStatus {
  name: string;
  supportedKinds: RouteGroupKind[];
  attachedRoutes: number;
  conditions: Condition[];
}

/** `gateway.networking.k8s.io/v1` Gateway. */
export interface Gateway extends KubeObject {
  spec: {
    gatewayClassName: string;
    listeners: Listener[];
    addresses?: GatewaySpecAddress[];
    infrastructure?: GatewayInfrastructure;
    allowedListeners?: unknown;
    tls?: unknown;
  };
  status?: {
    addresses?: GatewayStatusAddress[];
    conditions?: Condition[];
    listeners?: ListenerStatus[];
  };
}

/** `ParentReference` of a route. Defaults: group `gateway.networking.k8s.io`, kind `Gateway`. */
export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

/** `BackendRef` of a TCP/UDP route rule. Defaults: group `""`, kind `Service`, weight 1. */
export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
}

/** A TCPRoute/UDPRoute rule (v1 allows exactly one; v1alpha2 up to 16). */
export interface L4RouteRule {
  name?: string;
  backendRefs?: BackendRef[];
}

/** `RouteParentStatus`. */
export interface RouteParentStatus {
  parentRef: ParentReference;
  controllerName: string;
  conditions: Condition[];
}

/** Route kinds this controller serves. */
export type L4RouteKind = "TCPRoute" | "UDPRoute";

/** `gateway.networking.k8s.io/v1` TCPRoute or UDPRoute (identical schemas; `kind` tells them apart). */
export interface L4Route extends KubeObject {
  kind?: L4RouteKind | string;
  spec: {
    parentRefs?: ParentReference[];
    rules: L4RouteRule[];
    useDefaultGateways?: string;
  };
  status?: { parents: RouteParentStatus[] };
}

/** A TCPRoute. */
export type TCPRoute = L4Route;
/** A UDPRoute. */
export type UDPRoute = L4Route;

/** `ReferenceGrantFrom`. */
export interface ReferenceGrantFrom {
  group: string;
  kind: string;
  namespace: string;
}

/** `ReferenceGrantTo`. */
export interface ReferenceGrantTo {
  group: string;
  kind: string;
  name?: string;
}

/** `gateway.networking.k8s.io/v1beta1` (and v1) ReferenceGrant. Lives in the target namespace. */
export interface ReferenceGrant extends KubeObject {
  spec: {
    from: ReferenceGrantFrom[];
    to: ReferenceGrantTo[];
  };
}
