/**
 * Namespace lifecycle (reference §2.4): a deleted Namespace turns Terminating; the namespace
 * controller then deletes everything in it, and once nothing is left removes the `kubernetes` spec
 * finalizer and the Namespace disappears. `PUT …/namespaces/x/finalize` sets `spec.finalizers`.
 *
 * @module
 */
import type { Api } from "./api.ts";
import { deleteObject } from "./api_delete.ts";
import type { Background } from "./background.ts";
import { badRequest } from "./errors.ts";
import { storeKeyOf } from "./registry.ts";
import type { KubeObject, ResourceType } from "./types.ts";

function nsType(api: Api): ResourceType {
  return api.registry.find("", "v1", "namespaces")!;
}

/** Completes a Namespace's deletion when it is terminating and has no finalizers left. */
function maybeRemove(api: Api, ns: KubeObject): KubeObject {
  const specFin = ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers) ?? [];
  if (
    ns.metadata.deletionTimestamp && specFin.length === 0 && !(ns.metadata.finalizers ?? []).length
  ) {
    return api.removeStored(nsType(api), ns);
  }
  return ns;
}

/** `PUT /api/v1/namespaces/{name}/finalize`: replaces `spec.finalizers`. */
export function finalizeNamespace(
  api: Api,
  type: ResourceType,
  name: string,
  body: KubeObject,
): KubeObject {
  if (body.metadata?.name !== undefined && body.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  const old = api.getStored(type, "", name);
  const finalizers = ((body.spec as { finalizers?: string[] } | undefined)?.finalizers) ?? [];
  const next = structuredClone(old);
  next.spec = { ...(next.spec as object), finalizers };
  if (finalizers.length === 0) delete (next.spec as { finalizers?: string[] }).finalizers;
  return maybeRemove(api, api.writeStored(type, next));
}

/** The namespace controller. */
export class NamespaceController {
  readonly #api: Api;
  readonly #bg: Background;

  constructor(api: Api, bg: Background) {
    this.#api = api;
    this.#bg = bg;
  }

  /** Call after every write. */
  written(type: ResourceType, obj: KubeObject): void {
    if (type.group === "" && type.resource === "namespaces" && obj.metadata.deletionTimestamp) {
      this.#bg.run(`ns|${obj.metadata.name}`, () => this.#clean(obj.metadata.name!));
    }
  }

  /** Call when an object is gone for good. */
  deleted(type: ResourceType, obj: KubeObject): void {
    const ns = obj.metadata.namespace;
    if (!type.namespaced || !ns) return;
    const owner = this.#api.storage.get("/namespaces", "", ns);
    if (owner?.metadata.deletionTimestamp) this.#bg.run(`ns|${ns}`, () => this.#clean(ns));
  }

  #clean(name: string): void {
    const ns = this.#api.storage.get("/namespaces", "", name);
    if (!ns?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const t of this.#api.registry.all) {
      if (!t.namespaced || t.group === "events.k8s.io") continue;
      for (const o of this.#api.storage.list(storeKeyOf(t), name)) {
        remaining++;
        if (!o.metadata.deletionTimestamp) {
          deleteObject(this.#api, t, name, o.metadata.name!, { propagationPolicy: "Background" });
        }
      }
    }
    if (remaining > 0) {
      let left = 0;
      for (const t of this.#api.registry.all) {
        if (t.namespaced && t.group !== "events.k8s.io") {
          left += this.#api.storage.list(storeKeyOf(t), name).length;
        }
      }
      if (left > 0) return; // objects with finalizers: cleaned again when they go
    }
    const current = this.#api.storage.get("/namespaces", "", name)!;
    const next = structuredClone(current);
    const spec = (next.spec ?? {}) as { finalizers?: string[] };
    spec.finalizers = (spec.finalizers ?? []).filter((f) => f !== "kubernetes");
    if (spec.finalizers.length === 0) delete spec.finalizers;
    next.spec = spec;
    maybeRemove(this.#api, this.#api.writeStored(nsType(this.#api), next));
  }
}
