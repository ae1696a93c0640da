/**
 * From a changed object to the keys it affects, through the cache indexes (keys, not events, go into
 * the queues). Pure reads of the caches.
 *
 * @module
 */
import type { EventHandler } from "../lib/kube/informer.ts";
import type { KubeObject, L4Route, L4RouteKind, ReferenceGrant } from "../lib/types/mod.ts";
import { objectKey } from "../lib/types/mod.ts";
import { grantFromNamespaces, INDEX, routeParents } from "./indexes.ts";
import type { Caches } from "./snapshot.ts";

/**
 * An informer handler that passes every affected object (both versions on update, so a change that
 * moves an object from one key to another reaches both) to `affected`. With `predicate`, updates
 * that do not satisfy it are ignored.
 */
export function onChange<T extends KubeObject>(
  affected: (object: T) => void,
  predicate?: (old: T, now: T) => boolean,
): EventHandler<T> {
  return {
    onAdd: affected,
    onUpdate: (old, now) => {
      if (predicate && !predicate(old, now)) return;
      affected(old);
      affected(now);
    },
    onDelete: affected,
  };
}

function cacheOf(caches: Caches, kind: L4RouteKind) {
  return kind === "TCPRoute" ? caches.tcpRoutes : caches.udpRoutes;
}

/** Routes of `kind` that name Gateway `key` as a parent. */
export function routesOfGateway(caches: Caches, kind: L4RouteKind, key: string): L4Route[] {
  return cacheOf(caches, kind)?.byIndex(INDEX.parent, key) ?? [];
}

/** Routes of `kind` with Service `key` as a backend. */
export function routesUsingService(caches: Caches, kind: L4RouteKind, key: string): L4Route[] {
  return cacheOf(caches, kind)?.byIndex(INDEX.backend, key) ?? [];
}

/** Routes of `kind` in namespace `namespace`. */
export function routesInNamespace(caches: Caches, kind: L4RouteKind, namespace: string): L4Route[] {
  return cacheOf(caches, kind)?.list(namespace) ?? [];
}

/** Routes of `kind` that a grant may admit (those in its `from` namespaces). */
export function routesAdmittedBy(
  caches: Caches,
  kind: L4RouteKind,
  grant: ReferenceGrant,
): L4Route[] {
  return grantFromNamespaces(grant).flatMap((ns) => routesInNamespace(caches, kind, ns));
}

/** Keys of the Gateways of class `name`. */
export function gatewaysOfClass(caches: Caches, name: string): string[] {
  return caches.gateways.byIndex(INDEX.gatewayClass, name).map(objectKey);
}

/** Names of the GatewayClasses that take parameters from ConfigMap `key`. */
export function classesUsingParameters(caches: Caches, key: string): string[] {
  return caches.gatewayClasses.byIndex(INDEX.parameters, key).map((c) => c.metadata.name ?? "");
}

/** The parent Gateway keys of some routes. */
export function parentsOf(routes: readonly L4Route[]): string[] {
  return [...new Set(routes.flatMap(routeParents))];
}

/** Keys of Gateways of the classes named (for class changes). */
export function gatewaysOfClasses(caches: Caches, classes: readonly string[]): string[] {
  return classes.flatMap((c) => gatewaysOfClass(caches, c));
}
