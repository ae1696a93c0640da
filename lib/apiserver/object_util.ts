/**
 * Small helpers on JSON objects: deep equality that ignores key order (no-op write detection,
 * reference §0 item 8), deep clone, and the metadata normalisation Go's `omitempty` implies.
 *
 * @module
 */
import type { KubeObject } from "./types.ts";

/** Deep equality of JSON values; object key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}

/** A deep copy of a JSON value. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

const META_ORDER = [
  "name",
  "generateName",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "managedFields",
];

/**
 * Puts `metadata` in kube-apiserver's field order and drops empty/null fields (Go `omitempty`);
 * unknown metadata fields are dropped, as decoding into `ObjectMeta` drops them.
 */
export function normalizeMeta(obj: KubeObject): void {
  const m = obj.metadata ?? {};
  const out: Record<string, unknown> = {};
  for (const k of META_ORDER) {
    const v = m[k];
    if (v === undefined || v === null || v === "" || v === 0) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  obj.metadata = out;
}

/** Orders an object's top-level keys as kube-apiserver does: apiVersion, kind, metadata, the rest. */
export function orderTop(obj: KubeObject): KubeObject {
  const { kind, apiVersion, metadata, ...rest } = obj;
  return { apiVersion, kind, metadata, ...rest };
}
