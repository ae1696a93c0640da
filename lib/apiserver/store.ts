/**
 * In-process access to the server's objects for tests and tools. Every write goes through the same
 * semantics as an HTTP write (validation, resourceVersion, watch events, garbage collection); reads
 * return copies in the requested version.
 *
 * @module
 */
import type { Api } from "./api.ts";
import { deleteObject, type DeleteOptions } from "./api_delete.ts";
import type { Lister } from "./api_list.ts";
import { PATCH_TYPES, patchObject } from "./api_patch.ts";
import { failure } from "./errors.ts";
import { storeKeyOf } from "./registry.ts";
import type { KubeObject, ResourceType } from "./types.ts";
import { toView } from "./write_context.ts";

/** Options of {@link Store.list}. */
export interface StoreListOptions {
  /** Only this namespace. @default all namespaces */
  namespace?: string;
  /** A label selector (`app=web,tier!=db`). */
  labelSelector?: string;
  /** A field selector (`metadata.name=x`). */
  fieldSelector?: string;
}

/** In-process read/write access to the API server's objects. */
export interface Store {
  /** The latest resourceVersion. */
  readonly resourceVersion: string;
  /** One object (a copy), or undefined. */
  get(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined;
  /** Objects of a kind (copies), sorted by namespace and name. */
  list(apiVersion: string, kind: string, options?: StoreListOptions): KubeObject[];
  /** Creates an object (`apiVersion` and `kind` name the resource). */
  create(obj: KubeObject, options?: { fieldManager?: string }): KubeObject;
  /** Replaces an object, or its status with `subresource: "status"`. */
  update(obj: KubeObject, options?: { subresource?: "status"; fieldManager?: string }): KubeObject;
  /** Patches an object (merge patch unless `type` says otherwise). */
  patch(
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
    patch: unknown,
    options?: {
      type?: "merge" | "json" | "strategic";
      subresource?: "status";
      fieldManager?: string;
    },
  ): KubeObject;
  /**
   * Deletes an object; returns the object still terminating (finalizers) or undefined when it is
   * gone.
   */
  delete(
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
    options?: DeleteOptions,
  ): KubeObject | undefined;
}

function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.lastIndexOf("/") + 1);
}

/** The {@link Store} of an API. */
export function createStore(api: Api, lister: Lister): Store {
  const resolve = (apiVersion: string, kind: string): ResourceType => {
    const found = api.registry.byKind(apiVersion, kind);
    if (!found) {
      throw failure(404, "NotFound", `no resource serves ${kind} in ${apiVersion}`, {});
    }
    return found.type;
  };
  const out = (t: ResourceType, apiVersion: string, o: KubeObject): KubeObject => ({
    ...structuredClone(toView(t, o)),
    apiVersion,
    kind: t.kind,
  });
  const ns = (t: ResourceType, namespace: string) => (t.namespaced ? namespace : "");
  return {
    get resourceVersion() {
      return String(api.storage.resourceVersion);
    },
    get(apiVersion, kind, namespace, name) {
      const t = resolve(apiVersion, kind);
      const o = api.storage.get(storeKeyOf(t), ns(t, namespace), name);
      return o ? out(t, apiVersion, o) : undefined;
    },
    list(apiVersion, kind, options = {}) {
      const t = resolve(apiVersion, kind);
      const r = lister.list(t, options.namespace, {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      });
      return r.items.map((o) => out(t, apiVersion, o));
    },
    create(obj, options = {}) {
      const t = resolve(obj.apiVersion ?? "", obj.kind ?? "");
      const v = versionOf(obj.apiVersion!);
      const r = api.create(t, v, obj.metadata.namespace ?? "", obj, {
        fieldManager: options.fieldManager ?? "store",
      });
      return out(t, obj.apiVersion!, r.object);
    },
    update(obj, options = {}) {
      const t = resolve(obj.apiVersion ?? "", obj.kind ?? "");
      const v = versionOf(obj.apiVersion!);
      const r = api.update(
        t,
        v,
        obj.metadata.namespace ?? "",
        obj.metadata.name ?? "",
        obj,
        { fieldManager: options.fieldManager ?? "store" },
        options.subresource,
      );
      return out(t, obj.apiVersion!, r.object);
    },
    patch(apiVersion, kind, namespace, name, patch, options = {}) {
      const t = resolve(apiVersion, kind);
      const media = PATCH_TYPES[options.type ?? "merge"];
      const r = patchObject(
        api,
        t,
        versionOf(apiVersion),
        ns(t, namespace),
        name,
        media,
        JSON.stringify(patch),
        {
          fieldManager: options.fieldManager ?? "store",
        },
        options.subresource,
      );
      return out(t, apiVersion, r.object);
    },
    delete(apiVersion, kind, namespace, name, options = {}) {
      const t = resolve(apiVersion, kind);
      const r = deleteObject(api, t, ns(t, namespace), name, options);
      return r.gone ? undefined : out(t, apiVersion, r.object!);
    },
  };
}
