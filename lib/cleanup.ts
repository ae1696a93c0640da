/**
 * Step 8 of a pass: our objects that are no longer wanted. A Service or EndpointSlice labelled as ours
 * for a Gateway is deleted when that Gateway's plan no longer contains it; a user Service changed by
 * the `update` behaviour is restored instead. Objects of frozen Gateways (class not Accepted, address
 * not decidable) are left alone, and so are objects of Gateways outside the scope.
 *
 * @module
 */
import type { GatewayPlan } from "./data_plane.ts";
import { ownerGatewayKey } from "./ownership.ts";
import { readPrevious, restore } from "./service_update.ts";
import type { Snapshot } from "./snapshot.ts";
import type { ObjectRef } from "./translate_types.ts";
import { type KubeObject, objectKey, type Service } from "./types/mod.ts";

function ref(obj: KubeObject, apiVersion: string, kind: string): ObjectRef {
  return {
    apiVersion,
    kind,
    namespace: obj.metadata.namespace ?? "",
    name: obj.metadata.name ?? "",
    ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
  };
}

/**
 * Deletions and restores for the objects of ours that no plan wants.
 *
 * @example
 * ```ts
 * const { deletions, restores } = findOrphans(snapshot, plans, frozen, (key) => true);
 * ```
 */
export function findOrphans(
  snap: Snapshot,
  plans: ReadonlyMap<string, GatewayPlan>,
  frozen: ReadonlySet<string>,
  wanted: (gatewayKey: string) => boolean,
): { deletions: ObjectRef[]; restores: Service[] } {
  const desiredServices = new Set<string>();
  const desiredSlices = new Set<string>();
  for (const plan of plans.values()) {
    for (const s of plan.services) desiredServices.add(objectKey(s));
    for (const s of plan.slices) desiredSlices.add(objectKey(s));
  }
  const controller = snap.config.controllerName;
  const judged = (obj: KubeObject) => {
    const owner = ownerGatewayKey(obj, controller);
    return owner !== undefined && wanted(owner) && !frozen.has(owner);
  };
  const deletions: ObjectRef[] = [];
  const restores: Service[] = [];
  for (const s of snap.ourServices) {
    if (!judged(s) || desiredServices.has(objectKey(s))) continue;
    if (readPrevious(s)) restores.push(restore(s));
    else deletions.push(ref(s, "v1", "Service"));
  }
  for (const s of snap.ourSlices) {
    if (!judged(s) || desiredSlices.has(objectKey(s))) continue;
    deletions.push(ref(s, "discovery.k8s.io/v1", "EndpointSlice"));
  }
  const order = (r: ObjectRef) => `${r.kind}|${r.namespace}/${r.name}`;
  deletions.sort((a, b) => order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0);
  restores.sort((a, b) => objectKey(a) < objectKey(b) ? -1 : 1);
  return { deletions, restores };
}
