/**
 * Which updates matter to a controller. Our own status writes come back as update events; reacting
 * to them would only reconcile to the same answer, so status-only changes of objects whose status we
 * write are filtered out (controller-runtime's `GenerationChangedPredicate`, plus labels, annotations,
 * finalizers and deletion, which do not bump the generation but do change decisions).
 *
 * @module
 */
import type { KubeObject } from "../lib/types/mod.ts";

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether anything but `status` (and server bookkeeping) differs between two versions of an object. */
export function specOrMetadataChanged(old: KubeObject, now: KubeObject): boolean {
  const a = old.metadata;
  const b = now.metadata;
  return a.generation !== b.generation || a.uid !== b.uid ||
    a.deletionTimestamp !== b.deletionTimestamp || !same(a.labels, b.labels) ||
    !same(a.annotations, b.annotations) || !same(a.finalizers, b.finalizers);
}
