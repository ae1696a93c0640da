/**
 * Typed descriptors of the kinds the controller talks about (group, version, plural, kind, scope), the
 * URL paths they live at, and discovery of which version the server serves where that varies
 * (TCPRoute/UDPRoute `v1` or `v1alpha2`; ReferenceGrant `v1` or `v1beta1`).
 *
 * @module
 */
import type {
  ConfigMap,
  CoreEvent,
  CustomResourceDefinition,
  EndpointSlice,
  EventsV1Event,
  Gateway,
  GatewayClass,
  KubeObject,
  L4Route,
  Lease,
  Namespace,
  ReferenceGrant,
  Service,
} from "../types/mod.ts";
import { GATEWAY_GROUP } from "../types/mod.ts";

/**
 * A resource type. `T` is the object type, so client calls and informers are typed by descriptor.
 *
 * @example
 * ```ts
 * const gw = await client.get(GATEWAYS, "default", "gw"); // gw: Gateway
 * ```
 */
export interface ResourceType<T extends KubeObject = KubeObject> {
  /** API group; `""` for core. */
  readonly group: string;
  /** Version, e.g. `v1`. */
  readonly version: string;
  /** Plural resource name used in URLs, e.g. `gateways`. */
  readonly plural: string;
  /** Kind, e.g. `Gateway`. */
  readonly kind: string;
  /** Namespaced, or cluster-scoped. */
  readonly namespaced: boolean;
  /** Has a `status` subresource. @default true for CRs with status */
  readonly hasStatus?: boolean;
  /** Type marker only; never set. */
  readonly _type?: T;
}

function resource<T extends KubeObject>(
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced: boolean,
  hasStatus = false,
): ResourceType<T> {
  return Object.freeze({ group, version, plural, kind, namespaced, hasStatus });
}

/** `v1` Namespaces. */
export const NAMESPACES: ResourceType<Namespace> = resource(
  "",
  "v1",
  "namespaces",
  "Namespace",
  false,
  true,
);
/** `v1` Services. */
export const SERVICES: ResourceType<Service> = resource(
  "",
  "v1",
  "services",
  "Service",
  true,
  true,
);
/** `v1` ConfigMaps. */
export const CONFIGMAPS: ResourceType<ConfigMap> = resource(
  "",
  "v1",
  "configmaps",
  "ConfigMap",
  true,
);
/** `v1` Events (core). */
export const CORE_EVENTS: ResourceType<CoreEvent> = resource("", "v1", "events", "Event", true);
/** `discovery.k8s.io/v1` EndpointSlices. */
export const ENDPOINTSLICES: ResourceType<EndpointSlice> = resource(
  "discovery.k8s.io",
  "v1",
  "endpointslices",
  "EndpointSlice",
  true,
);
/** `coordination.k8s.io/v1` Leases. */
export const LEASES: ResourceType<Lease> = resource(
  "coordination.k8s.io",
  "v1",
  "leases",
  "Lease",
  true,
);
/** `events.k8s.io/v1` Events. */
export const EVENTS: ResourceType<EventsV1Event> = resource(
  "events.k8s.io",
  "v1",
  "events",
  "Event",
  true,
);
/** `apiextensions.k8s.io/v1` CustomResourceDefinitions. */
export const CRDS: ResourceType<CustomResourceDefinition> = resource(
  "apiextensions.k8s.io",
  "v1",
  "customresourcedefinitions",
  "CustomResourceDefinition",
  false,
  true,
);
/** Gateway API GatewayClasses (`v1`). */
export const GATEWAY_CLASSES: ResourceType<GatewayClass> = resource(
  GATEWAY_GROUP,
  "v1",
  "gatewayclasses",
  "GatewayClass",
  false,
  true,
);
/** Gateway API Gateways (`v1`). */
export const GATEWAYS: ResourceType<Gateway> = resource(
  GATEWAY_GROUP,
  "v1",
  "gateways",
  "Gateway",
  true,
  true,
);

/** TCPRoutes at a given version (`v1` or `v1alpha2`); see {@link discoverGatewayVersions}. */
export function tcpRoutes(version: string): ResourceType<L4Route> {
  return resource(GATEWAY_GROUP, version, "tcproutes", "TCPRoute", true, true);
}

/** UDPRoutes at a given version (`v1` or `v1alpha2`). */
export function udpRoutes(version: string): ResourceType<L4Route> {
  return resource(GATEWAY_GROUP, version, "udproutes", "UDPRoute", true, true);
}

/** ReferenceGrants at a given version (`v1` or `v1beta1`); no status subresource. */
export function referenceGrants(version: string): ResourceType<ReferenceGrant> {
  return resource(GATEWAY_GROUP, version, "referencegrants", "ReferenceGrant", true, false);
}

/** `apiVersion` of objects of this type, e.g. `gateway.networking.k8s.io/v1` or `v1`. */
export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** `plural[.group]`, as the API server names a resource in messages. */
export function resourceName(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/**
 * The URL path of a collection or an object.
 *
 * @example
 * ```ts
 * resourcePath(GATEWAYS, "team-a", "gw", "status");
 * // "/apis/gateway.networking.k8s.io/v1/namespaces/team-a/gateways/gw/status"
 * ```
 * @throws when a namespaced type gets no namespace for a named object.
 */
export function resourcePath(
  type: ResourceType,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  if (type.namespaced && name !== undefined && !namespace) {
    throw new Error(
      `Cannot address ${type.kind} "${name}": it is namespaced and no namespace was given`,
    );
  }
  let path = base;
  if (type.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${type.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

/** The resource types whose version depends on the installed Gateway API bundle. */
export interface GatewayVersions {
  /** TCPRoutes, or `undefined` when the server serves none. */
  tcpRoutes?: ResourceType<L4Route>;
  /** UDPRoutes, or `undefined` when the server serves none. */
  udpRoutes?: ResourceType<L4Route>;
  /** ReferenceGrants, or `undefined` when the server serves none. */
  referenceGrants?: ResourceType<ReferenceGrant>;
  /** Whether GatewayClass and Gateway are served at `v1`. */
  gatewaysServed: boolean;
}

/** What discovery needs from a client: GET a path, `undefined` on 404. */
export type DiscoveryGet = (
  path: string,
) => Promise<{ resources?: { name: string }[] } | undefined>;

/**
 * Discovers which versions of the Gateway API kinds the server serves, preferring `v1`.
 *
 * @example
 * ```ts
 * const versions = await discoverGatewayVersions((p) => client.discover(p));
 * versions.tcpRoutes?.version; // "v1" on a v1.6 standard bundle, "v1alpha2" on older experimental ones
 * ```
 */
export async function discoverGatewayVersions(get: DiscoveryGet): Promise<GatewayVersions> {
  const served = new Map<string, Set<string>>();
  for (const version of ["v1", "v1beta1", "v1alpha2"]) {
    const list = await get(`/apis/${GATEWAY_GROUP}/${version}`);
    served.set(version, new Set((list?.resources ?? []).map((r) => r.name)));
  }
  const pick = (plural: string, versions: string[]) =>
    versions.find((v) => served.get(v)?.has(plural));
  const tcp = pick("tcproutes", ["v1", "v1alpha2"]);
  const udp = pick("udproutes", ["v1", "v1alpha2"]);
  const grants = pick("referencegrants", ["v1", "v1beta1"]);
  return {
    ...(tcp ? { tcpRoutes: tcpRoutes(tcp) } : {}),
    ...(udp ? { udpRoutes: udpRoutes(udp) } : {}),
    ...(grants ? { referenceGrants: referenceGrants(grants) } : {}),
    gatewaysServed: Boolean(served.get("v1")?.has("gateways")),
  };
}
