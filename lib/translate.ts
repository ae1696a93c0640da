/**
 * `translate()`: every Gateway API decision of the controller as one pure function. A snapshot of
 * the cached objects goes in; the statuses of GatewayClasses, Gateways and routes, the Services and
 * EndpointSlices that must exist, what to delete or restore, new address allocations and Events come
 * out. No I/O, no clock reads (`now` is an input), the input is never mutated, and one pass is
 * complete: it never needs the statuses of an earlier pass.
 *
 * Envoy Gateway's translator (resources in, `TranslateResult` out, golden YAML tests) is the model.
 * The steps, each a pure function in its own module:
 *
 * 1. index the snapshot (`snapshot.ts`);
 * 2. decide our GatewayClasses (`gateway_eval.ts`, `gateway_class.ts`);
 * 3. evaluate the Gateways they put in scope: listeners, acceptance, address (`gateway_eval.ts`);
 * 4. evaluate routes: attachment, behaviour, backends (`route_eval.ts`);
 * 5. plan each Gateway's Services and EndpointSlices (`data_plane.ts`);
 * 6. build Gateway statuses (`gateway_status.ts`) and 7. route statuses (`route_status.ts`);
 * 8. find our objects that are no longer wanted (`cleanup.ts`);
 * 9. keep what the scope asks for, in a stable order.
 *
 * @module
 */
import { findOrphans } from "./cleanup.ts";
import { planGateway, refOf } from "./data_plane.ts";
import type { GatewayPlan } from "./data_plane.ts";
import { decideClasses, evaluateGateways, type GatewayEval, ipamSource } from "./gateway_eval.ts";
import { gatewayStatus } from "./gateway_status.ts";
import { evaluateRoutes, routesOnListeners } from "./route_eval.ts";
import { routeStatus } from "./route_status.ts";
import { buildSnapshot, type Snapshot } from "./snapshot.ts";
import type {
  Allocation,
  IpamDiagnostic,
  TranslateEvent,
  TranslateInput,
  TranslateResult,
} from "./translate_types.ts";
import { GATEWAY_GROUP, objectKey } from "./types/mod.ts";

export type * from "./translate_types.ts";

function addressEvents(ev: GatewayEval): { events: TranslateEvent[]; allocation?: Allocation } {
  const regarding = refOf(ev.gateway, `${GATEWAY_GROUP}/v1`, "Gateway");
  const events: TranslateEvent[] = [];
  const a = ev.address;
  for (const d of ev.poolDiagnostics) {
    const [namespace = "", name = ""] = d.configMap.split("/");
    events.push({
      regarding: { apiVersion: "v1", kind: "ConfigMap", namespace, name },
      related: regarding,
      type: "Warning",
      reason: "IPAMEntrySkipped",
      action: "ReadPool",
      note: `${d.message}; the rest of pool ${d.key} keeps working`,
    });
  }
  if (a?.kind === "failed") {
    events.push({
      regarding,
      type: "Warning",
      reason: a.reason,
      action: "AllocateAddress",
      note: a.message,
    });
  }
  if (a?.kind !== "assigned" || !a.allocatedFrom) return { events };
  const pool = a.allocatedFrom;
  events.push({
    regarding,
    type: "Normal",
    reason: "AddressAllocated",
    action: "AllocateAddress",
    note: `Allocated ${a.address} from pool ${pool.name} (${pool.describe()})${
      a.replaced ? `, replacing ${a.replaced}` : ""
    }`,
  });
  return {
    events,
    allocation: { address: a.address, owner: `Gateway ${ev.key}`, pool: pool.name },
  };
}

function planAll(
  snap: Snapshot,
  inScope: Map<string, GatewayEval>,
  routes: ReturnType<typeof evaluateRoutes>,
) {
  const onListeners = routesOnListeners(routes);
  const plans = new Map<string, GatewayPlan>();
  const claims = new Map<string, string>();
  for (const [key, ev] of inScope) {
    const a = ev.address;
    if (ev.accepted.status !== "True" || !a || a.kind === "failed" || a.kind === "unsupported") {
      continue;
    }
    plans.set(key, planGateway(snap, ev, onListeners.get(key), claims));
  }
  return { plans, onListeners };
}

function attachedCounts(
  onListeners: ReturnType<typeof routesOnListeners>,
  key: string,
): Map<string, number> {
  return new Map([...(onListeners.get(key) ?? new Map())].map(([l, rs]) => [l, rs.length]));
}

function byName<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

function eventKey(e: TranslateEvent): string {
  const r = e.regarding;
  return `${r.kind}|${r.namespace}|${r.name}|${e.reason}|${e.note}`;
}

/**
 * Decides everything for a snapshot. See {@link TranslateInput} and {@link TranslateResult}.
 *
 * @example
 * ```ts
 * const result = translate({
 *   gatewayClasses, gateways, tcpRoutes, services, endpointSlices, configMaps,
 *   config: { controllerName: "kube-vip.io/controller", serviceBehaviour: "gateway",
 *     announcer: "kube-vip", implementationLabel: "kube-vip", loadBalancerClass: "",
 *     setLoadBalancerIp: false, ipam: "internal",
 *     ipamConfigMap: { namespace: "kube-system", name: "kubevip" } },
 *   now: Date.now(),
 * });
 * result.gateways[0]?.status.addresses; // [{ type: "IPAddress", value: "10.0.0.10" }]
 * ```
 */
export function translate(input: TranslateInput): TranslateResult {
  const snap = buildSnapshot(input);
  const ipam = ipamSource(snap);
  const classes = decideClasses(snap);
  const { inScope, frozen } = evaluateGateways(snap, classes.accepted, ipam);
  const routes = evaluateRoutes(snap, inScope);
  const { plans, onListeners } = planAll(snap, inScope, routes);

  const scope = input.scope ? new Set(input.scope.gateways) : undefined;
  const wanted = (gatewayKey: string) => !scope || scope.has(gatewayKey);

  const result: TranslateResult = {
    gatewayClasses: classes.decisions.sort(byName((d) => d.name)),
    gateways: [],
    routes: [],
    services: [],
    endpointSlices: [],
    deletions: [],
    restores: [],
    allocations: [],
    events: [],
    ipamDiagnostics: collectDiagnostics(ipam.diagnostics, classes.accepted),
  };
  for (const [key, ev] of inScope) {
    if (!wanted(key)) continue;
    const plan = plans.get(key);
    result.gateways.push(gatewayStatus(snap, ev, plan, attachedCounts(onListeners, key)));
    const { events, allocation } = addressEvents(ev);
    result.events.push(...events, ...(plan?.events ?? []));
    if (allocation) result.allocations.push(allocation);
    result.services.push(...(plan?.services ?? []));
    result.endpointSlices.push(...(plan?.slices ?? []));
  }
  for (const r of routes) {
    const decision = routeStatus(snap, r, frozen);
    if (decision) result.routes.push(decision);
  }
  const frozenAll = new Set(frozen);
  for (const [key, ev] of inScope) if (ev.address?.kind === "failed") frozenAll.add(key);
  const orphans = findOrphans(snap, plans, frozenAll, wanted);
  result.deletions = orphans.deletions;
  result.restores = orphans.restores;

  const seen = new Set<string>();
  result.events = result.events.filter((e) => !seen.has(eventKey(e)) && seen.add(eventKey(e)))
    .sort(byName(eventKey));
  result.gateways.sort(byName((g) => `${g.namespace}/${g.name}`));
  result.routes.sort(byName((r) => `${r.kind}|${r.namespace}/${r.name}`));
  result.services.sort(byName(objectKey));
  result.endpointSlices.sort(byName(objectKey));
  result.allocations.sort(byName((a) => a.owner));
  return result;
}

function collectDiagnostics(
  fromIpam: IpamDiagnostic[],
  accepted: ReturnType<typeof decideClasses>["accepted"],
): IpamDiagnostic[] {
  const out = [...fromIpam];
  const seen = new Set<string>();
  for (const params of accepted.values()) {
    if (!params?.poolConfig || seen.has(params.configMap)) continue;
    seen.add(params.configMap);
    out.push(...params.poolConfig.diagnostics.map((d) => ({ configMap: params.configMap, ...d })));
  }
  return out;
}
