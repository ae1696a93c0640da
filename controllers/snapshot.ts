/**
 * Scoped snapshots: for one key (a Gateway, a route, a GatewayClass), the cached objects its decision
 * depends on, as a {@link TranslateInput}. `translate()` gives the same decisions for the objects in
 * scope as it would for the whole cluster (its locality property), at the cost of the scope only.
 *
 * @module
 */
import type { AddressesInUse } from "../lib/ipam.ts";
import type { Lister } from "../lib/kube/cache.ts";
import type { TranslateConfig, TranslateInput } from "../lib/translate_types.ts";
import {
  type ConfigMap,
  type CustomResourceDefinition,
  type EndpointSlice,
  type Gateway,
  type GatewayClass,
  type KubeObject,
  type L4Route,
  type Namespace,
  objectKey,
  type ReferenceGrant,
  type Service,
  splitKey,
} from "../lib/types/mod.ts";
import { classParameters, INDEX, routeBackends, routeParents } from "./indexes.ts";

/** The caches a snapshot reads. Route and grant kinds are absent when the cluster does not serve them. */
export interface Caches {
  gatewayClasses: Lister<GatewayClass>;
  gateways: Lister<Gateway>;
  tcpRoutes?: Lister<L4Route> | undefined;
  udpRoutes?: Lister<L4Route> | undefined;
  referenceGrants?: Lister<ReferenceGrant> | undefined;
  services: Lister<Service>;
  endpointSlices: Lister<EndpointSlice>;
  namespaces: Lister<Namespace>;
  /** ConfigMaps that GatewayClasses take parameters from. */
  configMaps: Lister<ConfigMap>;
  /** The IPAM ConfigMap (one object at most). */
  ipamConfigMap: Lister<ConfigMap>;
  crds: Lister<CustomResourceDefinition>;
}

/** What every snapshot shares: settings, time, and the addresses in use. */
export interface SnapshotContext {
  config: TranslateConfig;
  now: number;
  addressesInUse: AddressesInUse;
  pendingAddresses: ReadonlyMap<string, string>;
}

/**
 * Objects written during this reconcile, by `namespace/name`, that the cache may not show yet
 * (`null`: deleted). A second translate over them reports what was just made (Programmed).
 */
export interface Written {
  services: Map<string, Service | null>;
  endpointSlices: Map<string, EndpointSlice | null>;
}

/** An empty {@link Written}. */
export function nothingWritten(): Written {
  return { services: new Map(), endpointSlices: new Map() };
}

const byKey = <T extends KubeObject>(objects: Iterable<T>): Map<string, T> => {
  const map = new Map<string, T>();
  for (const o of objects) map.set(objectKey(o), o);
  return map;
};

function overlay<T extends KubeObject>(
  objects: Map<string, T>,
  written: Map<string, T | null>,
): T[] {
  for (const [key, object] of written) {
    if (object === null) objects.delete(key);
    else if (objects.has(key)) objects.set(key, object);
  }
  return [...objects.values()];
}

function routesOf(caches: Caches, parents: Iterable<string>): { tcp: L4Route[]; udp: L4Route[] } {
  const tcp = new Map<string, L4Route>();
  const udp = new Map<string, L4Route>();
  for (const parent of parents) {
    for (const r of caches.tcpRoutes?.byIndex(INDEX.parent, parent) ?? []) tcp.set(objectKey(r), r);
    for (const r of caches.udpRoutes?.byIndex(INDEX.parent, parent) ?? []) udp.set(objectKey(r), r);
  }
  return { tcp: [...tcp.values()], udp: [...udp.values()] };
}

function classesAndParameters(caches: Caches, classNames: Iterable<string>) {
  const classes: GatewayClass[] = [];
  const configMaps: ConfigMap[] = [...caches.ipamConfigMap.list()];
  for (const name of new Set(classNames)) {
    const cls = caches.gatewayClasses.get(undefined, name);
    if (!cls) continue;
    classes.push(cls);
    for (const key of classParameters(cls)) {
      const { namespace, name: cm } = splitKey(key);
      const params = caches.configMaps.get(namespace, cm);
      if (params) configMaps.push(params);
    }
  }
  return { classes, configMaps };
}

function neighbours(caches: Caches, routes: readonly L4Route[], extraNamespaces: string[]) {
  const backendKeys = new Set(routes.flatMap(routeBackends));
  const services = new Map<string, Service>();
  const slices = new Map<string, EndpointSlice>();
  for (const key of backendKeys) {
    const { namespace, name } = splitKey(key);
    const svc = caches.services.get(namespace, name);
    if (svc) services.set(key, svc);
    for (const s of caches.endpointSlices.byIndex(INDEX.service, key)) slices.set(objectKey(s), s);
  }
  const namespaceNames = new Set([
    ...routes.map((r) => r.metadata.namespace ?? ""),
    ...extraNamespaces,
  ]);
  const namespaces = [...namespaceNames].map((n) => caches.namespaces.get(undefined, n)).filter((
    n,
  ): n is Namespace => n !== undefined);
  const grantNamespaces = new Set([...backendKeys].map((k) => splitKey(k).namespace));
  const grants = [...grantNamespaces].flatMap((n) => caches.referenceGrants?.list(n) ?? []);
  return { services, slices, namespaces, grants };
}

function base(caches: Caches, context: SnapshotContext): Pick<
  TranslateInput,
  "config" | "now" | "addressesInUse" | "pendingAddresses" | "lookupService"
> {
  return {
    config: context.config,
    now: context.now,
    addressesInUse: context.addressesInUse,
    pendingAddresses: context.pendingAddresses,
    lookupService: (namespace, name) => caches.services.get(namespace, name),
  };
}

/**
 * The snapshot for one Gateway: it, its class (and parameters), every route that names it with their
 * backends, grants and namespaces, and the Services and EndpointSlices we made for it.
 *
 * @example
 * ```ts
 * const result = translate(gatewaySnapshot(caches, context, "demo/edge"));
 * ```
 */
export function gatewaySnapshot(
  caches: Caches,
  context: SnapshotContext,
  key: string,
  written: Written = nothingWritten(),
): TranslateInput {
  const { namespace, name } = splitKey(key);
  const gateway = caches.gateways.get(namespace, name);
  const { tcp, udp } = routesOf(caches, [key]);
  const routes = [...tcp, ...udp];
  const { classes, configMaps } = classesAndParameters(
    caches,
    gateway ? [gateway.spec.gatewayClassName] : [],
  );
  const n = neighbours(caches, routes, [namespace]);
  const services = byKey([
    ...n.services.values(),
    ...caches.services.byIndex(INDEX.ownerGateway, key),
  ]);
  const slices = byKey([
    ...n.slices.values(),
    ...caches.endpointSlices.byIndex(INDEX.ownerGateway, key),
  ]);
  for (const [k, svc] of written.services) if (svc && !services.has(k)) services.set(k, svc);
  for (const [k, s] of written.endpointSlices) if (s && !slices.has(k)) slices.set(k, s);
  return {
    ...base(caches, context),
    gatewayClasses: classes,
    gateways: gateway ? [gateway] : [],
    tcpRoutes: tcp,
    udpRoutes: udp,
    referenceGrants: n.grants,
    services: overlay(services, written.services),
    endpointSlices: overlay(slices, written.endpointSlices),
    namespaces: n.namespaces,
    configMaps,
    scope: { gateways: [key] },
  };
}

/**
 * The snapshot for one route: it, its parent Gateways and their classes, every route on those
 * Gateways (which one wins a listener depends on them), and the route's backends and grants.
 */
export function routeSnapshot(
  caches: Caches,
  context: SnapshotContext,
  kind: "TCPRoute" | "UDPRoute",
  route: L4Route,
): TranslateInput {
  const parents = routeParents(route);
  const gateways = parents.map((k) => {
    const { namespace, name } = splitKey(k);
    return caches.gateways.get(namespace, name);
  }).filter((g): g is Gateway => g !== undefined);
  const siblings = routesOf(caches, parents);
  const own = kind === "TCPRoute" ? siblings.tcp : siblings.udp;
  if (!own.some((r) => objectKey(r) === objectKey(route))) own.push(route);
  const { classes, configMaps } = classesAndParameters(
    caches,
    gateways.map((g) => g.spec.gatewayClassName),
  );
  const all = [...siblings.tcp, ...siblings.udp];
  const n = neighbours(caches, [route], all.map((r) => r.metadata.namespace ?? ""));
  return {
    ...base(caches, context),
    gatewayClasses: classes,
    gateways,
    tcpRoutes: siblings.tcp,
    udpRoutes: siblings.udp,
    referenceGrants: n.grants,
    services: [...n.services.values()],
    endpointSlices: [...n.slices.values()],
    namespaces: n.namespaces,
    configMaps,
    scope: { gateways: [] },
  };
}

/**
 * The snapshot for one GatewayClass: it, its parameters, the CRDs, and one of its Gateways. The
 * finalizer only asks whether some Gateway uses the class, and the class's status depends on no
 * Gateway; translating all of them on every Gateway change made the class reconcile O(Gateways²).
 */
export function gatewayClassSnapshot(
  caches: Caches,
  context: SnapshotContext,
  name: string,
): TranslateInput {
  const { classes, configMaps } = classesAndParameters(caches, [name]);
  return {
    ...base(caches, context),
    gatewayClasses: classes,
    gateways: caches.gateways.byIndex(INDEX.gatewayClass, name).slice(0, 1),
    configMaps,
    crds: caches.crds.list(),
    scope: { gateways: [] },
  };
}
