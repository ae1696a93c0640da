/**
 * Step 4 of a pass: every route against the Gateways in scope. For each parentRef naming one of them:
 * the attachment (listeners matched and admitting the route); for the route as a whole: its service
 * behaviour and its backends.
 *
 * @module
 */
import { attach, type Attachment, gatewayKeyOf } from "./attachment.ts";
import { type BackendResolution, resolveBackends } from "./backends.ts";
import type { GatewayEval } from "./gateway_eval.ts";
import { behaviourOf } from "./service_behaviour.ts";
import type { Snapshot } from "./snapshot.ts";
import type { KindedRoute } from "./translate_types.ts";
import type { ParentReference } from "./types/mod.ts";

/** One parentRef of a route to a Gateway in scope. */
export interface ParentOutcome {
  ref: ParentReference;
  gatewayKey: string;
  attachment: Attachment;
}

/** Everything decided about one route. */
export interface RouteEval {
  kr: KindedRoute;
  /** `TCPRoute ns/name`. */
  key: string;
  behaviour: ReturnType<typeof behaviourOf>;
  resolution: BackendResolution;
  parents: ParentOutcome[];
}

/**
 * Evaluates every route that names a Gateway in scope.
 *
 * @example
 * ```ts
 * const routes = evaluateRoutes(snapshot, inScope);
 * ```
 */
export function evaluateRoutes(
  snap: Snapshot,
  inScope: ReadonlyMap<string, GatewayEval>,
): RouteEval[] {
  const out: RouteEval[] = [];
  for (const kr of snap.routes) {
    const ns = kr.route.metadata.namespace ?? "";
    const parents: ParentOutcome[] = [];
    for (const ref of kr.route.spec?.parentRefs ?? []) {
      const gatewayKey = gatewayKeyOf(ref, ns);
      const ev = gatewayKey ? inScope.get(gatewayKey) : undefined;
      if (!gatewayKey || !ev) continue;
      parents.push({
        ref,
        gatewayKey,
        attachment: attach({
          ref,
          routeKind: kr.kind,
          routeNamespace: ns,
          gatewayNamespace: ev.gateway.metadata.namespace ?? "",
          gatewayName: ev.gateway.metadata.name ?? "",
          verdicts: ev.verdicts,
          namespaceLabels: snap.namespaceLabels,
        }),
      });
    }
    const behaviour = behaviourOf(kr.route, snap.config.serviceBehaviour);
    out.push({
      kr,
      key: `${kr.kind} ${ns}/${kr.route.metadata.name}`,
      behaviour,
      resolution: resolveBackends(kr, behaviour.ok ? behaviour.behaviour : "gateway", {
        services: snap.services,
        grants: snap.grants,
      }),
      parents,
    });
  }
  return out;
}

/** Oldest first, then `namespace/name` (the spec's precedence among routes on one listener). */
export function routePrecedence(a: RouteEval, b: RouteEval): number {
  const ta = a.kr.route.metadata.creationTimestamp ?? "";
  const tb = b.kr.route.metadata.creationTimestamp ?? "";
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.kr.route.metadata.namespace}/${a.kr.route.metadata.name}`;
  const kb = `${b.kr.route.metadata.namespace}/${b.kr.route.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : a.kr.kind < b.kr.kind ? -1 : a.kr.kind > b.kr.kind ? 1 : 0;
}

/**
 * The routes accepted on each listener of each Gateway (with a known behaviour), in precedence order:
 * the first one carries the traffic.
 */
export function routesOnListeners(
  routes: readonly RouteEval[],
): Map<string, Map<string, RouteEval[]>> {
  const out = new Map<string, Map<string, RouteEval[]>>();
  for (const r of routes) {
    if (!r.behaviour.ok) continue;
    for (const p of r.parents) {
      if (!p.attachment.accepted) continue;
      let perListener = out.get(p.gatewayKey);
      if (!perListener) out.set(p.gatewayKey, perListener = new Map());
      for (const name of p.attachment.listeners) {
        const list = perListener.get(name) ?? [];
        if (!list.includes(r)) list.push(r);
        perListener.set(name, list);
      }
    }
  }
  for (const perListener of out.values()) {
    for (const list of perListener.values()) list.sort(routePrecedence);
  }
  return out;
}
