/**
 * Core Kubernetes kinds the controller reads or writes: Namespace, Service, ConfigMap, EndpointSlice,
 * Lease and Events. Only the fields we use or must preserve are typed; unknown fields pass through.
 *
 * @module
 */
import type { Condition, KubeObject, ObjectMeta } from "./meta.ts";

/** `core/v1` Namespace. */
export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: "Active" | "Terminating"; conditions?: unknown[] };
}

/** `core/v1` ConfigMap. */
export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

/** `core/v1` ServicePort. */
export interface ServicePort {
  name?: string;
  protocol?: "TCP" | "UDP" | "SCTP";
  appProtocol?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

/** `core/v1` ServiceSpec (fields we touch or must preserve). */
export interface ServiceSpec {
  type?: "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";
  selector?: Record<string, string>;
  ports?: ServicePort[];
  clusterIP?: string;
  clusterIPs?: string[];
  externalName?: string;
  externalTrafficPolicy?: "Cluster" | "Local";
  internalTrafficPolicy?: "Cluster" | "Local";
  loadBalancerIP?: string;
  loadBalancerClass?: string;
  loadBalancerSourceRanges?: string[];
  allocateLoadBalancerNodePorts?: boolean;
  healthCheckNodePort?: number;
  ipFamilies?: ("IPv4" | "IPv6")[];
  ipFamilyPolicy?: "SingleStack" | "PreferDualStack" | "RequireDualStack";
  sessionAffinity?: "None" | "ClientIP";
  publishNotReadyAddresses?: boolean;
}

/** `core/v1` LoadBalancerIngress. */
export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: "VIP" | "Proxy";
  ports?: { port: number; protocol: string; error?: string }[];
}

/** `core/v1` Service. */
export interface Service extends KubeObject {
  spec?: ServiceSpec;
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] }; conditions?: Condition[] };
}

/** `discovery/v1` EndpointPort. */
export interface EndpointPort {
  name?: string;
  protocol?: "TCP" | "UDP" | "SCTP";
  port?: number;
  appProtocol?: string;
}

/** `discovery/v1` EndpointConditions. */
export interface EndpointConditions {
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

/** `discovery/v1` Endpoint. */
export interface Endpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  hostname?: string;
  targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
  nodeName?: string;
  zone?: string;
  hints?: unknown;
}

/** `discovery/v1` EndpointSlice. */
export interface EndpointSlice extends KubeObject {
  addressType: "IPv4" | "IPv6" | "FQDN";
  endpoints?: Endpoint[] | null;
  ports?: EndpointPort[] | null;
}

/** `coordination/v1` Lease. Times are MicroTime (6 fractional digits). */
export interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** A reference to the object an Event is about. */
export interface EventObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** `events.k8s.io/v1` Event. `eventTime` and `series.lastObservedTime` are MicroTime. */
export interface EventsV1Event extends KubeObject {
  eventTime: string;
  series?: { count: number; lastObservedTime: string };
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  regarding: EventObjectReference;
  related?: EventObjectReference;
  note?: string;
  type: "Normal" | "Warning";
}

/** `core/v1` Event. */
export interface CoreEvent extends KubeObject {
  involvedObject: EventObjectReference;
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  count?: number;
  type?: "Normal" | "Warning";
  eventTime?: string | null;
  action?: string;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** `apiextensions/v1` CustomResourceDefinition, only what discovery and versions need. */
export interface CustomResourceDefinition extends KubeObject {
  spec: {
    group: string;
    names: {
      plural: string;
      singular?: string;
      kind: string;
      listKind?: string;
      shortNames?: string[];
      categories?: string[];
    };
    scope: "Namespaced" | "Cluster";
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      deprecated?: boolean;
      schema?: unknown;
      subresources?: { status?: Record<string, never> };
      additionalPrinterColumns?: unknown[];
    }[];
  };
  status?: {
    conditions?: {
      type: string;
      status: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: string;
    }[];
    acceptedNames?: unknown;
    storedVersions?: string[];
  };
}

/** Metadata-only view, for code that handles any kind. */
export type Metadata = ObjectMeta;
