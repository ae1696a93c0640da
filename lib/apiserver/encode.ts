/**
 * JSON encoding of stored objects, done once per object and reused: the body of an object minus
 * `kind`/`apiVersion` is serialised once and cached, and every response (any version, list item or
 * watch event) is made by string concatenation. This is what keeps lists of 10,000 objects and watch
 * fan-out to 50 watchers cheap.
 *
 * @module
 */
import type { KubeObject } from "./types.ts";

const restCache = new WeakMap<KubeObject, string>();

/** The object's JSON without `kind` and `apiVersion` (cached per stored object). */
export function restJson(obj: KubeObject): string {
  let s = restCache.get(obj);
  if (s === undefined) {
    const { kind: _k, apiVersion: _a, ...rest } = obj;
    s = JSON.stringify(rest);
    restCache.set(obj, s);
  }
  return s;
}

/**
 * The object's JSON with `kind` and `apiVersion` first (as kube-apiserver orders them), or without
 * them when `kind` is empty (built-in list items, CRUD-19).
 */
export function encodeObject(obj: KubeObject, kind: string, apiVersion: string): string {
  const rest = restJson(obj);
  if (!kind) return rest;
  const head = `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)}`;
  return rest === "{}" ? head + "}" : `${head},${rest.slice(1)}`;
}
