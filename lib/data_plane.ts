/**
 * Step 5 of a pass: the Services and EndpointSlices one Gateway needs (design §7). Each accepted
 * listener is served by exactly one Service port at the Gateway's address, chosen by the behaviour of
 * the route that wins the listener (the oldest); a listener without a route is served by the
 * `gateway` Service only when that is the default behaviour.
 *
 * @module
 */
import type { Backend } from "./backends.ts";
import type { ServiceBehaviour } from "./cli.ts";
import type { GatewayEval } from "./gateway_eval.ts";
import { planCreate, planDuplicate, planUpdate } from "./plan_behaviours.ts";
import { planGatewayService } from "./plan_gateway_service.ts";
import { type GatewayPlan, Planner, routeRef, type Served } from "./planner.ts";
import type { RouteEval } from "./route_eval.ts";
import type { Snapshot } from "./snapshot.ts";

export { type GatewayPlan, refOf } from "./planner.ts";

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) out.set(key(i), [...(out.get(key(i)) ?? []), i]);
  return out;
}

/**
 * Plans the Services and EndpointSlices of one accepted Gateway that has an address decision.
 * `claims` records, across the Gateways of one pass, which Gateway updates which user Service.
 *
 * @example
 * ```ts
 * const plan = planGateway(snapshot, gatewayEval, routesOnListeners.get(key), new Map());
 * ```
 */
export function planGateway(
  snap: Snapshot,
  ev: GatewayEval,
  onListeners: ReadonlyMap<string, RouteEval[]> | undefined,
  claims: Map<string, string>,
): GatewayPlan {
  const p = new Planner(snap, ev, claims);
  const byBehaviour: Record<ServiceBehaviour, Served[]> = {
    gateway: [],
    create: [],
    duplicate: [],
    update: [],
  };
  for (const verdict of ev.verdicts) {
    if (!verdict.accepted || verdict.supportedKinds.length === 0) continue;
    const routes = onListeners?.get(verdict.listener.name) ?? [];
    const [winner, ...losers] = routes;
    for (const loser of losers) {
      p.event({
        regarding: routeRef(loser),
        related: routeRef(winner!),
        type: "Warning",
        reason: "RouteNotSelected",
        action: "SelectRoute",
        note:
          `${winner!.key} carries the traffic of listener ${verdict.listener.name} on Gateway ` +
          `${ev.key} (the oldest route wins); this route is attached but carries none`,
      });
    }
    const behaviour = winner && winner.behaviour.ok
      ? winner.behaviour.behaviour
      : snap.config.serviceBehaviour;
    if (!winner && behaviour !== "gateway") continue;
    byBehaviour[behaviour].push(winner ? { verdict, winner } : { verdict });
  }
  planGatewayService(p, byBehaviour.gateway);
  for (const served of groupBy(byBehaviour.create, (s) => s.winner!.key).values()) {
    planCreate(p, served[0]!.winner!, served);
  }
  for (const kind of ["duplicate", "update"] as const) {
    const withBackend = byBehaviour[kind].map((s) => ({ s, b: p.chooseBackend(s) }))
      .filter((x): x is { s: Served; b: Backend } => x.b !== undefined);
    for (const group of groupBy(withBackend, (x) => `${x.b.namespace}/${x.b.name}`).values()) {
      const served = group.map((x) => x.s);
      if (kind === "duplicate") planDuplicate(p, group[0]!.b, served);
      else planUpdate(p, group[0]!.b, served);
    }
  }
  return p.plan;
}
