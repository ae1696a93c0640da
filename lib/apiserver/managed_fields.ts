/**
 * `metadata.managedFields` bookkeeping (reference §2.5): one entry per manager, operation and
 * subresource, whose `fieldsV1` grows with the fields that manager changed. Lists are treated as
 * atomic. This is the minimum kubectl relies on; ownership conflicts are not computed.
 *
 * @module
 */
import { jsonEqual } from "./object_util.ts";
import type { KubeObject } from "./types.ts";

type Fields = Record<string, unknown>;

/** A managedFields entry. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: "Update" | "Apply";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: Fields;
  subresource?: string;
}

const SKIP_META = new Set([
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "managedFields",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "namespace",
  "name",
]);

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The fields that differ between `before` and `after`, as a FieldsV1 set. */
export function changedFields(before: unknown, after: unknown, top = true): Fields | undefined {
  if (jsonEqual(before, after)) return undefined;
  if (!isObj(after)) return {};
  const out: Fields = {};
  const b = isObj(before) ? before : {};
  for (const [k, v] of Object.entries(after)) {
    if (top && (k === "apiVersion" || k === "kind")) continue;
    if (top && k === "metadata" && isObj(v)) {
      const meta: Fields = {};
      for (const [mk, mv] of Object.entries(v)) {
        if (SKIP_META.has(mk)) continue;
        const sub = changedFields((b.metadata as Fields | undefined)?.[mk], mv, false);
        if (sub) meta[`f:${mk}`] = sub;
      }
      if (Object.keys(meta).length) out["f:metadata"] = meta;
      continue;
    }
    const sub = changedFields(b[k], v, false);
    if (sub) out[`f:${k}`] = sub;
  }
  return out;
}

function merge(a: Fields, b: Fields): Fields {
  const out: Fields = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = isObj(out[k]) && isObj(v) ? merge(out[k] as Fields, v) : v;
  }
  return out;
}

/**
 * Returns the managedFields after `manager` wrote `after` over `before`: its entry is created or its
 * field set extended with what changed; the entry's time is `time`.
 */
export function recordManager(
  entries: readonly ManagedFieldsEntry[],
  before: KubeObject | undefined,
  after: KubeObject,
  w: {
    manager: string;
    operation: "Update" | "Apply";
    apiVersion: string;
    time: string;
    subresource?: string;
  },
): ManagedFieldsEntry[] {
  const changed = changedFields(before, after);
  const i = entries.findIndex((e) =>
    e.manager === w.manager && e.operation === w.operation && e.subresource === w.subresource
  );
  if (!changed || Object.keys(changed).length === 0) return [...entries];
  const entry: ManagedFieldsEntry = {
    manager: w.manager,
    operation: w.operation,
    apiVersion: w.apiVersion,
    time: w.time,
    fieldsType: "FieldsV1",
    fieldsV1: merge(i >= 0 ? entries[i]!.fieldsV1 : {}, changed),
  };
  if (w.subresource) entry.subresource = w.subresource;
  const out = [...entries];
  if (i >= 0) out[i] = entry;
  else out.push(entry);
  return out;
}

/** The manager name for a request: `fieldManager`, else the User-Agent up to its first `/`. */
export function managerName(
  fieldManager: string | undefined,
  userAgent: string | undefined,
): string {
  if (fieldManager) return fieldManager;
  const ua = (userAgent ?? "").split("/")[0]?.trim();
  return ua || "unknown";
}
