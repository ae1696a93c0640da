/**
 * The three patch formats (reference §3): JSON merge patch (RFC 7386, written here: it is ten lines),
 * JSON patch (RFC 6902, by fast-json-patch), and the subset of strategic merge patch that kubectl's
 * client-side apply and client-go's event recorder send for core kinds (PATCH-6): map merge, `null`
 * deletes, lists merged by their patch-merge-key, primitive set lists, and the `$patch`,
 * `$deleteFromPrimitiveList`, `$setElementOrder` and `$retainKeys` directives. No npm package
 * implements strategic merge patch.
 *
 * @module
 */
import { clone, isObj, type Obj } from "./object_util.ts";
import fastJsonPatch from "fast-json-patch";
import { badRequest, failure } from "./errors.ts";

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** The generic 422 kube-apiserver answers when a JSON patch cannot be applied (PATCH-4). */
function patchRejected() {
  return failure(
    422,
    "Invalid",
    "the server rejected our request due to an error in our request",
    {},
  );
}

/**
 * Applies an RFC 6902 JSON patch.
 *
 * @throws {ApiError} 400 when the document is not a list of operations (PATCH-5), 422 when an
 * operation fails, a `test` included (PATCH-4).
 */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) {
    throw badRequest(
      "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
    );
  }
  if (ops.length > 10000) {
    throw failure(
      413,
      "RequestEntityTooLarge",
      "The request is too large: the allowed patch size is 10000 operations",
    );
  }
  try {
    return fastJsonPatch.applyPatch(clone(target), ops, true, true).newDocument;
  } catch {
    throw patchRejected();
  }
}

/** Patch-merge keys of the list fields of our core kinds, by dotted path. */
const MERGE_KEYS: Record<string, string> = {
  "metadata.ownerReferences": "uid",
  "spec.ports": "port",
  "status.conditions": "type",
  "spec.topologySpreadConstraints": "topologyKey",
};

/** Lists of primitives merged as sets. */
const SET_LISTS = new Set(["metadata.finalizers"]);

function mergeList(target: unknown[], patch: unknown[], key: string, path: string): unknown[] {
  if (patch.some((p) => isObj(p) && p.$patch === "replace")) {
    return patch.filter((p) => !(isObj(p) && p.$patch === "replace"));
  }
  const out = [...target];
  for (const item of patch) {
    if (!isObj(item)) {
      out.push(item);
      continue;
    }
    const i = out.findIndex((t) => isObj(t) && t[key] === item[key]);
    if (item.$patch === "delete") {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) out[i] = strategicMergePatch(out[i], item, path);
    else out.push(strategicMergePatch({}, item, path));
  }
  return out;
}

/**
 * Applies a strategic merge patch to a core object (the subset described in the module doc).
 *
 * @example
 * ```ts
 * strategicMergePatch({ metadata: { finalizers: ["a"] } }, { metadata: { finalizers: ["b"] } });
 * // { metadata: { finalizers: ["a", "b"] } }
 * ```
 */
export function strategicMergePatch(target: unknown, patch: unknown, path = ""): unknown {
  if (!isObj(patch)) return patch;
  if (patch.$patch === "replace") {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === "delete") return undefined;
  const out: Obj = isObj(target) ? { ...target } : {};
  let retain: string[] | undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === "$patch" || k.startsWith("$setElementOrder/")) continue;
    if (k === "$retainKeys") {
      retain = Array.isArray(v) ? v.map(String) : undefined;
      continue;
    }
    if (k.startsWith("$deleteFromPrimitiveList/")) {
      const field = k.slice("$deleteFromPrimitiveList/".length);
      const drop = new Set(Array.isArray(v) ? v : []);
      if (Array.isArray(out[field])) {
        out[field] = (out[field] as unknown[]).filter((x) => !drop.has(x));
      }
      continue;
    }
    const p = path ? `${path}.${k}` : k;
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v) && MERGE_KEYS[p] && Array.isArray(out[k])) {
      out[k] = mergeList(out[k] as unknown[], v, MERGE_KEYS[p]!, p);
    } else if (Array.isArray(v) && SET_LISTS.has(p)) {
      const cur = Array.isArray(out[k]) ? (out[k] as unknown[]) : [];
      out[k] = [...cur, ...v.filter((x) => !cur.includes(x))];
    } else if (isObj(v)) {
      const merged = strategicMergePatch(out[k], v, p);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  if (retain) { for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k]; }
  return out;
}
