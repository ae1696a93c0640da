/**
 * Step 7 of a pass: a route's `status.parents` (reference §2.3). One entry per parentRef to a Gateway
 * in scope, with our controllerName; other controllers' entries are kept untouched and in place; our
 * entries for parents no longer ours are removed (kept while their class is frozen); at most 32.
 *
 * @module
 */
import { type ConditionSpec, isFalse, isTrue, mergeConditions } from "./conditions.ts";
import type { RouteEval } from "./route_eval.ts";
import type { Snapshot } from "./snapshot.ts";
import type { RouteDecision } from "./translate_types.ts";
import { GATEWAY_GROUP, type ParentReference, type RouteParentStatus } from "./types/mod.ts";
import { gatewayKeyOf } from "./attachment.ts";

/** The most entries `status.parents` may hold. */
export const MAX_PARENTS = 32;

function refKey(ref: ParentReference, routeNamespace: string): string {
  return [
    ref.group ?? GATEWAY_GROUP,
    ref.kind ?? "Gateway",
    ref.namespace ?? routeNamespace,
    ref.name,
    ref.sectionName ?? "",
    ref.port ?? "",
  ].join("|");
}

/** The parentRef as written in status: the spec's, with group and kind defaults filled in. */
export function echoRef(ref: ParentReference): ParentReference {
  return {
    group: ref.group ?? GATEWAY_GROUP,
    kind: ref.kind ?? "Gateway",
    ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}),
    name: ref.name,
    ...(ref.sectionName !== undefined ? { sectionName: ref.sectionName } : {}),
    ...(ref.port !== undefined ? { port: ref.port } : {}),
  };
}

function conditionsFor(r: RouteEval, p: RouteEval["parents"][number]): ConditionSpec[] {
  const accepted = !p.attachment.accepted
    ? isFalse("Accepted", p.attachment.reason, p.attachment.message)
    : !r.behaviour.ok
    ? isFalse("Accepted", "UnsupportedValue", `${r.behaviour.message}; nothing was made`)
    : isTrue("Accepted", "Accepted", p.attachment.message);
  const out = [accepted, r.resolution.resolvedRefs];
  const dropped = r.resolution.droppedRules;
  if (dropped > 0) {
    const total = dropped + 1;
    out.push(isTrue(
      "PartiallyInvalid",
      "UnsupportedValue",
      `Dropped Rule${dropped > 1 ? "s" : ""} 2${total > 2 ? `-${total}` : ""}: a ${r.kr.kind} ` +
        `is served by its first rule only (v1 allows one rule)`,
    ));
  }
  return out;
}

/**
 * The status of one route, or undefined when the route has neither a parent in scope nor an entry of
 * ours to clean up.
 *
 * @example
 * ```ts
 * routeStatus(snapshot, routeEval, frozenGateways);
 * ```
 */
export function routeStatus(
  snap: Snapshot,
  r: RouteEval,
  frozen: ReadonlySet<string>,
): RouteDecision | undefined {
  const route = r.kr.route;
  const ns = route.metadata.namespace ?? "";
  const controller = snap.config.controllerName;
  const existing = route.status?.parents ?? [];
  const ours = existing.filter((e) => e.controllerName === controller);
  if (r.parents.length === 0 && ours.length === 0) return undefined;
  const opts = { generation: route.metadata.generation ?? 1, now: snap.now };
  const desired = new Map<string, RouteEval["parents"][number]>();
  for (const p of r.parents) {
    const k = refKey(p.ref, ns);
    if (!desired.has(k)) desired.set(k, p);
  }
  const owned = ["Accepted", "ResolvedRefs", "PartiallyInvalid"];
  const parents: RouteParentStatus[] = [];
  const placed = new Set<string>();
  for (const e of existing) {
    if (e.controllerName !== controller) {
      parents.push(e);
      continue;
    }
    const k = refKey(e.parentRef, ns);
    const p = desired.get(k);
    if (p && !placed.has(k)) {
      placed.add(k);
      parents.push({
        parentRef: echoRef(p.ref),
        controllerName: controller,
        conditions: mergeConditions(e.conditions, conditionsFor(r, p), { ...opts, owned }),
      });
    } else if (!p) {
      const gw = gatewayKeyOf(e.parentRef, ns);
      if (gw && frozen.has(gw)) parents.push(e);
    }
  }
  for (const [k, p] of desired) {
    if (placed.has(k) || parents.length >= MAX_PARENTS) continue;
    parents.push({
      parentRef: echoRef(p.ref),
      controllerName: controller,
      conditions: mergeConditions(undefined, conditionsFor(r, p), { ...opts, owned }),
    });
  }
  return {
    kind: r.kr.kind,
    namespace: ns,
    name: route.metadata.name ?? "",
    status: { parents },
  };
}
