/**
 * Writers that write only when something changed (controller-runtime's `CreateOrUpdate` returning
 * `OperationResultNone`): {@link applyObject} creates or updates an object from its desired state,
 * {@link updateStatusIfChanged} writes a status subresource, {@link deleteIfExists} deletes. A 409
 * (someone else wrote first) is retried by re-reading the object, a few times.
 *
 * @module
 */
import type { KubeObject } from "../types/mod.ts";
import type { KubeClient } from "./client.ts";
import { deepEqual, DEFAULT_EXACT_PATHS, mergeForUpdate, needsUpdate } from "./compare.ts";
import { isAlreadyExists, isConflict, isNotFound } from "./errors.ts";
import type { ResourceType } from "./resources.ts";

/** What a writer did. */
export type WriteOutcome = "created" | "updated" | "unchanged" | "deleted" | "absent";

/** Options for the writers. */
export interface ApplyOptions<T> {
  /** The object as last seen (from an informer); read from the server when absent. */
  actual?: T;
  /** Paths whose maps must match exactly. @default DEFAULT_EXACT_PATHS */
  exactPaths?: readonly string[];
  /** Attempts when the server answers 409 Conflict. @default 5 */
  attempts?: number;
  /** Cancels the write. */
  signal?: AbortSignal;
}

function sig(signal?: AbortSignal): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

async function read<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType<T>,
  object: KubeObject,
  signal?: AbortSignal,
): Promise<T | undefined> {
  try {
    return await client.get(
      type,
      object.metadata.namespace,
      object.metadata.name ?? "",
      sig(signal),
    );
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Creates `desired`, or updates the existing object when a field `desired` sets differs (defaults,
 * allocations, status and others' labels are not differences).
 *
 * @example
 * ```ts
 * const { outcome } = await applyObject(client, SERVICES, desiredService, { actual: services.get(ns, name) });
 * if (outcome !== "unchanged") log.info(`Service ${outcome}`);
 * ```
 * @throws {KubeApiError} for refusals other than a conflict (e.g. 422 Invalid), or when conflicts
 *   persist after `attempts`.
 */
export async function applyObject<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType<T>,
  desired: T,
  options: ApplyOptions<T> = {},
): Promise<{ outcome: WriteOutcome; object: T }> {
  const attempts = options.attempts ?? 5;
  const exact = options.exactPaths ?? DEFAULT_EXACT_PATHS;
  let actual = "actual" in options
    ? options.actual
    : await read(client, type, desired, options.signal);
  for (let attempt = 1;; attempt++) {
    try {
      if (!actual) {
        const created = await client.create(type, desired, sig(options.signal));
        return { outcome: "created", object: created };
      }
      if (!needsUpdate(desired as never, actual as never, exact)) {
        return { outcome: "unchanged", object: actual };
      }
      const updated = await client.update(
        type,
        mergeForUpdate(desired, actual),
        sig(options.signal),
      );
      return { outcome: "updated", object: updated };
    } catch (error) {
      if (!(isConflict(error) || isAlreadyExists(error) || (actual && isNotFound(error)))) {
        throw error;
      }
      if (attempt >= attempts) throw error;
      actual = await read(client, type, desired, options.signal);
    }
  }
}

/**
 * Writes the status of an object when it differs from the current one. `status` is the desired
 * status, or a function computing it from the current object (called again after a conflict, so
 * entries written meanwhile by others, e.g. another controller's route parent status, are kept).
 *
 * @returns `unchanged`, `updated`, or `absent` when the object no longer exists.
 */
export async function updateStatusIfChanged<T extends KubeObject & { status?: unknown }>(
  client: KubeClient,
  type: ResourceType<T>,
  object: T,
  status: T["status"] | ((current: T) => T["status"]),
  options: ApplyOptions<T> = {},
): Promise<{ outcome: WriteOutcome; object?: T }> {
  const attempts = options.attempts ?? 5;
  let current: T | undefined = "actual" in options ? options.actual : object;
  for (let attempt = 1;; attempt++) {
    if (!current) return { outcome: "absent" };
    const wanted = typeof status === "function"
      ? (status as (c: T) => T["status"])(current)
      : status;
    if (deepEqual(JSON.parse(JSON.stringify(wanted ?? null)), current.status ?? null)) {
      return { outcome: "unchanged", object: current };
    }
    try {
      const updated = await client.updateStatus(
        type,
        { ...current, status: wanted },
        sig(options.signal),
      );
      return { outcome: "updated", object: updated };
    } catch (error) {
      if (isNotFound(error)) return { outcome: "absent" };
      if (!isConflict(error) || attempt >= attempts) throw error;
      current = await read(client, type, object, options.signal);
    }
  }
}

/**
 * Deletes an object if it exists. With `uid`, only that incarnation is deleted (a newer object of the
 * same name is left alone).
 */
export async function deleteIfExists(
  client: KubeClient,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  options: { uid?: string; signal?: AbortSignal } = {},
): Promise<{ outcome: WriteOutcome }> {
  try {
    await client.delete(type, namespace, name, options);
    return { outcome: "deleted" };
  } catch (error) {
    if (isNotFound(error)) return { outcome: "absent" };
    if (options.uid && isConflict(error)) return { outcome: "absent" };
    throw error;
  }
}
