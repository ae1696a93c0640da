/**
 * The route controllers' shared logic (TCPRoute and UDPRoute differ only in kind). Key:
 * `namespace/name` of a route. A route controller owns the route's `status.parents` entries of ours.
 *
 * Reconcile:
 * 1. snapshot the route with its parent Gateways, their classes and routes, and its backends;
 * 2. `translate()` it;
 * 3. write `status.parents` if it differs (other controllers' entries are kept in place by translate).
 *
 * @module
 */
import type { Controller, ReconcileResult } from "../lib/kube/controller.ts";
import { translate } from "../lib/translate.ts";
import { type L4Route, type L4RouteKind, objectKey, splitKey } from "../lib/types/mod.ts";
import type { Informers } from "./informers.ts";
import {
  classesUsingParameters,
  gatewaysOfClass,
  gatewaysOfClasses,
  onChange,
  routesAdmittedBy,
  routesInNamespace,
  routesOfGateway,
  routesUsingService,
} from "./mapping.ts";
import { specOrMetadataChanged } from "./predicates.ts";
import {
  type ControllerDeps,
  newController,
  ownWrites,
  snapshotContext,
  writeContext,
} from "./context.ts";
import { routeSnapshot } from "./snapshot.ts";
import { recordEvents, writeStatus } from "./writes.ts";

/** Reconciles one route of `kind`. */
export async function reconcileRoute(
  deps: ControllerDeps,
  kind: L4RouteKind,
  key: string,
  signal: AbortSignal,
): Promise<ReconcileResult | void> {
  const { owner, wait } = ownWrites(deps, kind.toLowerCase(), key);
  if (wait > 0) return { requeueAfter: wait };
  const type = deps.routeTypes[kind];
  const cache = kind === "TCPRoute" ? deps.caches.tcpRoutes : deps.caches.udpRoutes;
  if (!type || !cache) return;
  const { namespace, name } = splitKey(key);
  const route = cache.get(namespace, name);
  if (!route) return;
  const result = translate(routeSnapshot(deps.caches, snapshotContext(deps), kind, route));
  const decision = result.routes.find((r) =>
    r.kind === kind && r.namespace === namespace && r.name === name
  );
  const log = deps.log.with({ controller: kind.toLowerCase(), route: key });
  if (decision) {
    await writeStatus(
      writeContext(deps, owner, log, signal),
      type,
      route,
      decision.status,
      () => cache.get(namespace, name),
    );
  }
  recordEvents(deps.recorder, result.events.filter((e) => e.regarding.name === name), [kind]);
}

/** Creates the controller of one route kind (its event mapping is wired by the manager). */
export function routeController(deps: ControllerDeps, kind: L4RouteKind): Controller {
  return newController(
    deps,
    kind.toLowerCase(),
    (key, signal) => reconcileRoute(deps, kind, key, signal),
  );
}

/**
 * Maps changes to keys of routes of `kind`: the route itself; Gateways it names (their listeners);
 * classes (whether their Gateways are ours and accepted) and class parameters; backend Services
 * (existence, kind); namespace labels (allowedRoutes selectors); ReferenceGrants (cross-namespace
 * backends).
 */
export function watchForRoutes(inf: Informers, c: Controller, kind: L4RouteKind): void {
  const own = kind === "TCPRoute" ? inf.tcpRoutes : inf.udpRoutes;
  if (!own) return;
  const enqueue = (routes: readonly L4Route[]) => {
    for (const r of routes) c.enqueue(objectKey(r));
  };
  const viaGateways = (keys: readonly string[]) => {
    for (const key of keys) enqueue(routesOfGateway(inf, kind, key));
  };
  own.addHandler(onChange((r) => c.enqueue(objectKey(r)), specOrMetadataChanged));
  inf.gateways.addHandler(onChange((g) => viaGateways([objectKey(g)]), specOrMetadataChanged));
  inf.gatewayClasses.addHandler(
    onChange((cls) => viaGateways(gatewaysOfClass(inf, cls.metadata.name ?? ""))),
  );
  inf.configMaps.addHandler(
    onChange((cm) =>
      viaGateways(gatewaysOfClasses(inf, classesUsingParameters(inf, objectKey(cm))))
    ),
  );
  inf.services.addHandler(onChange((s) => enqueue(routesUsingService(inf, kind, objectKey(s)))));
  inf.namespaces.addHandler(
    onChange((ns) => enqueue(routesInNamespace(inf, kind, ns.metadata.name ?? ""))),
  );
  inf.referenceGrants?.addHandler(onChange((g) => enqueue(routesAdmittedBy(inf, kind, g))));
}
