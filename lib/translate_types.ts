/**
 * The shapes of {@link translate}'s input and result: a snapshot of the cached objects in, every
 * decision out. Field by field documentation lives here so the controller and the `translate` command
 * read one contract.
 *
 * @module
 */
import type { Announcer, ServiceBehaviour } from "./cli.ts";
import type { AddressesInUse } from "./ipam.ts";
import type {
  ConfigMap,
  CustomResourceDefinition,
  EndpointSlice,
  EventObjectReference,
  Gateway,
  GatewayClass,
  L4Route,
  L4RouteKind,
  Namespace,
  ReferenceGrant,
  RouteParentStatus,
  Service,
  SupportedFeature,
} from "./types/mod.ts";
import type { Condition } from "./types/mod.ts";

/** The controller settings that change decisions (flags of `lib/cli.ts` `DecisionOptions`). */
export interface TranslateConfig {
  /** `spec.controllerName` of the GatewayClasses we own, e.g. `kube-vip.io/controller`. */
  controllerName: string;
  /** Behaviour for routes without a `serviceBehaviour` label (design §7). */
  serviceBehaviour: ServiceBehaviour;
  /** Which annotations carry the address (a class parameter can override it). */
  announcer: Announcer;
  /** Value of the `implementation` label on every Service we make or change. */
  implementationLabel: string;
  /** `spec.loadBalancerClass` on Services we make; empty: none (never set implicitly). */
  loadBalancerClass: string;
  /** Also write the deprecated `spec.loadBalancerIP`. */
  setLoadBalancerIp: boolean;
  /** `internal`: we allocate from the pool; `external`: the announcer allocates (design §5). */
  ipam: "internal" | "external";
  /** Where the IPAM ConfigMap is (the one kube-vip-cloud-provider reads). */
  ipamConfigMap: { namespace: string; name: string };
}

/**
 * A snapshot of the cluster (or of the part one reconcile needs) and the settings. Arrays default to
 * empty. Objects are never mutated.
 */
export interface TranslateInput {
  /** Every GatewayClass in the snapshot (ours are those whose controllerName matches). */
  gatewayClasses?: readonly GatewayClass[];
  /** Gateways; those of an Accepted class of ours are in scope. */
  gateways?: readonly Gateway[];
  /** TCPRoutes (v1, or v1alpha2 read through v1 with several rules). */
  tcpRoutes?: readonly L4Route[];
  /** UDPRoutes (same shape as TCPRoutes). */
  udpRoutes?: readonly L4Route[];
  /** ReferenceGrants (v1 or v1beta1: same shape). */
  referenceGrants?: readonly ReferenceGrant[];
  /** Services: route backends, the ones we made (found by label), the ones in the way of our names. */
  services?: readonly Service[];
  /**
   * Reads any Service by namespace and name when it is not in `services` (the controller passes its
   * informer cache): backends and Services standing in the way of the names we want are then found
   * even in a scoped snapshot. Undefined: only `services` exist.
   */
  lookupService?: (namespace: string, name: string) => Service | undefined;
  /** EndpointSlices of backend Services and the ones we made. */
  endpointSlices?: readonly EndpointSlice[];
  /** Namespaces, for `allowedRoutes.namespaces.from: Selector` (a missing one has only its name label). */
  namespaces?: readonly Namespace[];
  /** ConfigMaps: the IPAM one (`config.ipamConfigMap`) and the ones class `parametersRef`s name. */
  configMaps?: readonly ConfigMap[];
  /**
   * Gateway API CRDs, for the class's `SupportedVersion` condition. Undefined: unknown, and the
   * condition is left as it is.
   */
  crds?: readonly CustomResourceDefinition[];
  /**
   * The cluster-wide view of addresses in use (owners `Gateway ns/name`, `Service ns/name`). It is
   * read, never written: this pass's allocations go into an `overlay()`. Undefined: built from the
   * Gateways and Services of this snapshot (right for a whole-cluster snapshot).
   */
  addressesInUse?: AddressesInUse;
  /**
   * Addresses allocated by earlier passes that may not be visible in a Gateway's status yet, by
   * owner (`Gateway ns/name` → address): a Gateway keeps its pending address instead of getting a
   * second one.
   */
  pendingAddresses?: ReadonlyMap<string, string>;
  /**
   * Limits the result to some Gateways (`namespace/name` keys) for a scoped snapshot: only their
   * statuses, desired objects, allocations, events, and the deletion or restore of objects labelled
   * for them are returned. Routes and classes are always returned. Undefined: the snapshot is the
   * whole cluster and everything is returned.
   */
  scope?: { gateways: readonly string[] };
  /** Settings. */
  config: TranslateConfig;
  /** The time of this pass (milliseconds or Date); used only for `lastTransitionTime`. */
  now: number | Date;
}

/** The desired status of a GatewayClass of ours. */
export interface GatewayClassDecision {
  /** The class name. */
  name: string;
  /** The complete `status` to write (conditions merged, `supportedFeatures` sorted). */
  status: { conditions: Condition[]; supportedFeatures: SupportedFeature[] };
  /** Whether `gateway-exists-finalizer.gateway.networking.k8s.io` must be present. */
  finalizer: boolean;
}

/** The desired status of a Gateway in scope. */
export interface GatewayDecision {
  namespace: string;
  name: string;
  /** The complete `status` to write. */
  status: Required<NonNullable<Gateway["status"]>>;
}

/** The desired status of a route with at least one parent of ours (or a stale entry of ours). */
export interface RouteDecision {
  kind: L4RouteKind;
  namespace: string;
  name: string;
  /** The complete `status` to write: other controllers' entries kept in place, at most 32. */
  status: { parents: RouteParentStatus[] };
}

/** A reference to an object to delete. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** Set when known: delete with a UID precondition. */
  uid?: string;
}

/** An address this pass allocated (for the controller's pending-allocation ledger). */
export interface Allocation {
  address: string;
  /** `Gateway ns/name`. */
  owner: string;
  /** The pool (ConfigMap key) it came from. */
  pool: string;
}

/** A Kubernetes Event to record (`events.k8s.io/v1` fields). */
export interface TranslateEvent {
  regarding: EventObjectReference;
  related?: EventObjectReference;
  type: "Normal" | "Warning";
  /** UpperCamelCase reason, e.g. `AddressAllocated`. */
  reason: string;
  /** What the controller did or failed to do, e.g. `AllocateAddress`. */
  action: string;
  /** Human-readable, names the objects and values involved. */
  note: string;
}

/** A malformed IPAM entry, skipped while the rest of the pool keeps working. */
export interface IpamDiagnostic {
  /** `namespace/name` of the ConfigMap. */
  configMap: string;
  key: string;
  entry: string;
  message: string;
}

/** Everything one pass decided. Arrays are in a stable order (kind, namespace, name). */
export interface TranslateResult {
  /** Our GatewayClasses. */
  gatewayClasses: GatewayClassDecision[];
  /** Gateways in scope (of an Accepted class of ours). */
  gateways: GatewayDecision[];
  /** Routes whose `status.parents` we write. */
  routes: RouteDecision[];
  /**
   * Services that must exist, complete and ready to create or update: existing ones are the cached
   * object with our fields applied (resourceVersion kept), so an unchanged one deep-equals the cache.
   */
  services: Service[];
  /** EndpointSlices of `gateway`-behaviour Services, complete, same rule as `services`. */
  endpointSlices: EndpointSlice[];
  /** Objects labelled as ours that are no longer wanted. */
  deletions: ObjectRef[];
  /** User Services that the `update` behaviour had changed, back in their recorded shape. */
  restores: Service[];
  /** Addresses this pass allocated. */
  allocations: Allocation[];
  /** Events to record. */
  events: TranslateEvent[];
  /** Malformed entries of the IPAM ConfigMap and of class parameter ConfigMaps. */
  ipamDiagnostics: IpamDiagnostic[];
}

/** A route with its kind made explicit (list items from the API may lack `kind`). */
export interface KindedRoute {
  kind: L4RouteKind;
  route: L4Route;
}
