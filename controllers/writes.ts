/**
 * The edge where decisions become API writes: Services, EndpointSlices, restores, deletions and
 * statuses, each written only when it differs from the cache (controller-runtime's "unchanged"). A
 * conflict is not retried here: the error goes back to the work queue, and the next reconcile decides
 * again from a fresher cache (level-based, never a stale decision written twice).
 *
 * @module
 */
import type { KubeClient } from "../lib/kube/client.ts";
import { isNotFound } from "../lib/kube/errors.ts";
import type { EventRecorder } from "../lib/kube/events.ts";
import type { Expectations } from "../lib/kube/expectations.ts";
import type { ResourceType } from "../lib/kube/resources.ts";
import { ENDPOINTSLICES, SERVICES } from "../lib/kube/resources.ts";
import type { Logger } from "../lib/log.ts";
import { needsWrite } from "../lib/desired_services.ts";
import type { ObjectRef, TranslateEvent } from "../lib/translate_types.ts";
import { type EndpointSlice, type KubeObject, objectKey, type Service } from "../lib/types/mod.ts";
import type { Caches, Written } from "./snapshot.ts";

/** What a reconcile writes with. */
export interface WriteContext {
  client: KubeClient;
  caches: Caches;
  log: Logger;
  signal: AbortSignal;
  /** Records each write until the informers show it. */
  expectations: Expectations;
  /** The reconciling key (`<controller>:<key>`), owner of the expectations. */
  owner: string;
}

/** Counts of writes made by one call (for logs and tests). */
export interface WriteCounts {
  created: number;
  updated: number;
  deleted: number;
}

const zero = (): WriteCounts => ({ created: 0, updated: 0, deleted: 0 });

/** Whether any write happened. */
export function wroteAnything(c: WriteCounts): boolean {
  return c.created + c.updated + c.deleted > 0;
}

async function applyAll<T extends KubeObject>(
  ctx: WriteContext,
  type: ResourceType<T>,
  desired: readonly T[],
  cached: (namespace: string, name: string) => T | undefined,
  written: Map<string, T | null>,
  counts: WriteCounts,
): Promise<void> {
  for (const object of desired) {
    const key = objectKey(object);
    const current = written.get(key) ??
      cached(object.metadata.namespace ?? "", object.metadata.name ?? "");
    if (!needsWrite(object, current ?? undefined)) continue;
    const result = current
      ? await ctx.client.update(type, object, { signal: ctx.signal })
      : await ctx.client.create(type, object, { signal: ctx.signal });
    written.set(key, result);
    const ns = object.metadata.namespace ?? "";
    ctx.expectations.expectWrite(
      ctx.owner,
      type.kind,
      result,
      current ?? undefined,
      cached(ns, object.metadata.name ?? ""),
    );
    counts[current ? "updated" : "created"]++;
    ctx.log.info(`${type.kind} ${current ? "updated" : "created"}`, { object: key });
  }
}

/**
 * Makes the data plane match a decision: desired Services and EndpointSlices created or updated,
 * `update`-behaviour Services restored, unwanted objects of ours deleted (with a UID precondition, so
 * a newer object of the same name is never removed).
 */
export async function applyDataPlane(
  ctx: WriteContext,
  plan: {
    services: readonly Service[];
    endpointSlices: readonly EndpointSlice[];
    restores: readonly Service[];
    deletions: readonly ObjectRef[];
  },
  written: Written,
): Promise<WriteCounts> {
  const counts = zero();
  const svc = (ns: string, name: string) => ctx.caches.services.get(ns, name);
  await applyAll(
    ctx,
    SERVICES,
    [...plan.services, ...plan.restores],
    svc,
    written.services,
    counts,
  );
  const slice = (ns: string, name: string) => ctx.caches.endpointSlices.get(ns, name);
  await applyAll(ctx, ENDPOINTSLICES, plan.endpointSlices, slice, written.endpointSlices, counts);
  for (const ref of plan.deletions) {
    const type = ref.kind === "Service"
      ? SERVICES
      : ref.kind === "EndpointSlice"
      ? ENDPOINTSLICES
      : undefined;
    if (!type) continue;
    const key = `${ref.namespace}/${ref.name}`;
    try {
      await ctx.client.delete(type, ref.namespace, ref.name, {
        signal: ctx.signal,
        ...(ref.uid ? { uid: ref.uid } : {}),
      });
      counts.deleted++;
      const cache = type === SERVICES ? ctx.caches.services : ctx.caches.endpointSlices;
      ctx.expectations.expectDeletion(
        ctx.owner,
        ref.kind,
        { metadata: ref },
        cache.get(ref.namespace, ref.name) !== undefined,
      );
      ctx.log.info(`${ref.kind} deleted`, { object: key });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    (type === SERVICES ? written.services : written.endpointSlices).set(key, null);
  }
  return counts;
}

/**
 * Writes `status` on `object` when it differs from the cached status. A conflict (someone wrote in
 * between) throws, and the reconcile runs again with the newer object. `now` reads the object from
 * the cache again (to tell whether the watch already delivered the write).
 *
 * @returns whether it wrote.
 */
export async function writeStatus<T extends KubeObject & { status?: unknown }>(
  ctx: WriteContext,
  type: ResourceType<T>,
  object: T,
  status: T["status"],
  now: () => T | undefined,
): Promise<boolean> {
  if (!needsWrite(status, object.status)) return false;
  const written = await ctx.client.updateStatus(type, { ...object, status } as T, {
    signal: ctx.signal,
  });
  ctx.expectations.expectWrite(ctx.owner, type.kind, written, object, now());
  ctx.log.info(`${type.kind} status updated`, { object: objectKey(object) });
  return true;
}

/** Records the decision's Events whose subject is one of `kinds` (others belong to other controllers). */
export function recordEvents(
  recorder: EventRecorder | undefined,
  events: readonly TranslateEvent[],
  kinds: readonly string[],
): void {
  if (!recorder) return;
  for (const e of events) {
    if (!kinds.includes(e.regarding.kind ?? "")) continue;
    const regarding: KubeObject = {
      apiVersion: e.regarding.apiVersion ?? "",
      kind: e.regarding.kind ?? "",
      metadata: {
        name: e.regarding.name ?? "",
        ...(e.regarding.namespace ? { namespace: e.regarding.namespace } : {}),
        ...(e.regarding.uid ? { uid: e.regarding.uid } : {}),
      },
    };
    recorder.record(regarding, {
      type: e.type,
      reason: e.reason,
      action: e.action,
      note: e.note,
      ...(e.related ? { related: e.related } : {}),
    });
  }
}
