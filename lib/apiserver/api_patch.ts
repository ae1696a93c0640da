/**
 * PATCH semantics (reference §3): content-type negotiation (PATCH-1: no strategic merge for custom
 * resources), the patch applied to the stored object's view and written through the same update path
 * as PUT (so resourceVersion preconditions, status rules and no-op detection hold: PATCH-3), 404 for
 * a missing object except with server-side apply (PATCH-7), `force` only for apply (PATCH-8), and a
 * basic server-side apply (SSA-1, SSA-2).
 *
 * Server-side apply here merges the applied configuration into the live object (maps recursively,
 * list-maps by their keys, other lists replaced) and records an `Apply` managedFields entry. It does
 * not compute field ownership, so conflicts (SSA-3) are never reported and fields dropped from a later
 * apply (SSA-6) are not removed.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { badRequest, invalid, notFound, unsupportedPatch } from "./errors.ts";
import { type Api, shapeOf } from "./api.ts";
import { removePath } from "./field_paths.ts";
import { type ManagedFieldsEntry, recordApply } from "./managed_fields.ts";
import { formatTime } from "./meta_time.ts";
import { CORE_LIST_KEYS, isObj, type Obj } from "./object_util.ts";
import { jsonPatch, mergePatch, strategicMergePatch } from "./patch.ts";
import { storeKeyOf } from "./registry.ts";
import type { KubeObject, ResourceType, Schema } from "./types.ts";
import { apiVersionOf } from "./types.ts";
import { subjectOf, toView, type WriteOptions, type WriteResult } from "./write_context.ts";

/** The patch media types. */
export const PATCH_TYPES = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
} as const;

/** PATCH request options. */
export interface PatchOptions extends WriteOptions {
  /** `force` query parameter (apply only). */
  force?: boolean | undefined;
}

/** The media types a resource accepts for PATCH. */
export function acceptedPatchTypes(type: ResourceType): string[] {
  return type.custom
    ? [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.apply]
    : [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.strategic, PATCH_TYPES.apply];
}

function parseBody(text: string, yaml: boolean): unknown {
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/** Applies a PATCH request. */
export function patchObject(
  api: Api,
  type: ResourceType,
  version: string,
  namespace: string,
  name: string,
  contentType: string,
  text: string,
  opts: PatchOptions,
  subresource?: "status",
): WriteResult {
  const media = contentType.split(";")[0]!.trim().toLowerCase();
  const accepted = acceptedPatchTypes(type);
  if (!accepted.includes(media)) throw unsupportedPatch(accepted);
  const apply = media === PATCH_TYPES.apply;
  if (opts.force !== undefined && opts.force && !apply) {
    throw invalid("PatchOptions.meta.k8s.io", "", "", [{
      type: "FieldValueForbidden",
      field: "force",
      detail: "Forbidden: may not be specified for non-apply patch",
    }]);
  }
  if (apply && !opts.fieldManager) {
    throw invalid("PatchOptions.meta.k8s.io", "", "", [{
      type: "FieldValueRequired",
      field: "fieldManager",
      detail: "Required value: is required for apply patch",
    }]);
  }
  const patch = parseBody(text, apply);
  if (apply) opts = { ...opts, operation: "Apply" };
  const stored = api.storage.get(storeKeyOf(type), type.namespaced ? namespace : "", name);
  const writer = {
    manager: opts.fieldManager ?? "",
    operation: "Apply" as const,
    apiVersion: apiVersionOf(type.group, version),
    time: formatTime(api.clock.now()),
    ...(subresource ? { subresource } : {}),
  };
  const shape = shapeOf(type, version, subresource);
  if (!stored) {
    if (!apply || subresource) throw notFound(subjectOf(type, name));
    const obj = validateApplied(patch, type, version);
    const own = recordApply([], undefined, obj, writer, shape, false);
    return api.create(type, version, namespace, obj, { ...opts, managedFields: own.entries });
  }
  const view = {
    ...toView(type, stored),
    apiVersion: apiVersionOf(type.group, version),
    kind: type.kind,
  };
  let patched: unknown;
  switch (media) {
    case PATCH_TYPES.json:
      patched = jsonPatch(view, patch);
      break;
    case PATCH_TYPES.merge:
      patched = mergePatch(view, patch);
      break;
    case PATCH_TYPES.strategic:
      patched = strategicMergePatch(view, patch);
      break;
    default: {
      const applied = validateApplied(patch, type, version);
      patched = applyMerge(view, applied, type.schemas?.[version]);
      const own = recordApply(
        (stored.metadata.managedFields ?? []) as ManagedFieldsEntry[],
        view,
        applied,
        writer,
        shape,
        opts.force === true,
      );
      for (const p of own.remove) removePath(patched, p);
      opts = { ...opts, managedFields: own.entries };
    }
  }
  if (typeof patched !== "object" || patched === null || Array.isArray(patched)) {
    throw badRequest("the patch did not produce an object");
  }
  return api.updatePatched(type, version, stored, patched as KubeObject, opts, subresource);
}

function validateApplied(patch: unknown, type: ResourceType, version: string): KubeObject {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw badRequest("apply patch must be an object");
  }
  const obj = patch as KubeObject;
  if (obj.metadata?.managedFields !== undefined) {
    throw badRequest("metadata.managedFields must be nil");
  }
  if (obj.apiVersion !== apiVersionOf(type.group, version) || obj.kind !== type.kind) {
    throw badRequest(
      `apply patch must carry apiVersion ${
        apiVersionOf(type.group, version)
      } and kind ${type.kind}`,
    );
  }
  return obj;
}

/** Merges an applied configuration into the live object. */
export function applyMerge(live: unknown, applied: unknown, schema?: Schema, field = ""): unknown {
  if (isObj(applied)) {
    const out: Obj = isObj(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) {
      const sub = schema?.properties?.[k] ??
        (typeof schema?.additionalProperties === "object"
          ? schema.additionalProperties
          : undefined);
      out[k] = v === null ? undefined : applyMerge(out[k], v, sub, k);
      if (out[k] === undefined) delete out[k];
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const keys = schema?.["x-kubernetes-list-map-keys"] ??
      (schema ? undefined : CORE_LIST_KEYS[field]);
    if (field === "finalizers" || schema?.["x-kubernetes-list-type"] === "set") {
      return [...live, ...applied.filter((x) => !live.includes(x))];
    }
    if (!keys) return applied;
    // Core list keys default like the server defaults them (a port's protocol is TCP).
    const dflt = (k: string) => (field === "ports" && k === "protocol" ? "TCP" : null);
    const same = (a: unknown, b: unknown) =>
      isObj(a) && isObj(b) && keys.every((k) => (a[k] ?? dflt(k)) === (b[k] ?? dflt(k)));
    const out = [...live];
    for (const item of applied) {
      const i = out.findIndex((x) => same(x, item));
      if (i >= 0) out[i] = applyMerge(out[i], item, schema?.items);
      else out.push(item);
    }
    return out;
  }
  return applied;
}
