/**
 * The garbage collector of kube-controller-manager, reduced to what the controller relies on
 * (reference §4 "Garbage collection", DEL-8): dependents whose owners are all gone are deleted in the
 * background; an owner deleted with `Foreground` waits (finalizer `foregroundDeletion`) until its
 * dependents are gone; with `Orphan` its dependents lose the ownerReference first. An owner reference
 * counts as absent when no object with that UID exists where it may live (same namespace for a
 * namespaced owner; cluster-scoped dependents may only have cluster-scoped owners).
 *
 * @module
 */
import type { Api } from "./api.ts";
import { deleteObject, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from "./api_delete.ts";
import type { Background } from "./background.ts";
import { storeKeyOf } from "./registry.ts";
import type { KubeObject, OwnerReference, ResourceType } from "./types.ts";

interface Ref {
  type: ResourceType;
  namespace: string;
  name: string;
}

/** The garbage collector. */
export class GarbageCollector {
  readonly #api: Api;
  readonly #bg: Background;
  /** owner UID → dependents that referenced it when last written. */
  readonly #dependents = new Map<string, Map<string, Ref>>();

  constructor(api: Api, bg: Background) {
    this.#api = api;
    this.#bg = bg;
  }

  /** Call after every write. */
  written(type: ResourceType, obj: KubeObject): void {
    const refs = obj.metadata.ownerReferences ?? [];
    const ns = obj.metadata.namespace ?? "";
    const id = `${storeKeyOf(type)}|${ns}|${obj.metadata.name}`;
    for (const r of refs) {
      let m = this.#dependents.get(r.uid);
      if (!m) this.#dependents.set(r.uid, m = new Map());
      m.set(id, { type, namespace: ns, name: obj.metadata.name! });
    }
    if (refs.length) {
      this.#bg.run(
        `check|${id}`,
        () => this.#check({ type, namespace: ns, name: obj.metadata.name! }),
      );
    }
    const fin = obj.metadata.finalizers ?? [];
    if (
      obj.metadata.deletionTimestamp &&
      (fin.includes(FOREGROUND_FINALIZER) || fin.includes(ORPHAN_FINALIZER))
    ) {
      this.#bg.run(`owner|${obj.metadata.uid}`, () => this.#finishOwner(type, obj.metadata.uid!));
    }
  }

  /** Call when an object is gone for good. */
  deleted(_type: ResourceType, obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    const deps = this.#dependents.get(uid);
    this.#dependents.delete(uid);
    for (const d of deps?.values() ?? []) {
      this.#bg.run(`check|${storeKeyOf(d.type)}|${d.namespace}|${d.name}`, () => this.#check(d));
    }
    // An owner waiting in foreground deletion may be unblocked by this dependent going away.
    for (const r of obj.metadata.ownerReferences ?? []) {
      this.#bg.run(`owner|${r.uid}`, () => this.#finishOwnerByUid(r.uid));
    }
  }

  #get(ref: Ref): KubeObject | undefined {
    return this.#api.storage.get(storeKeyOf(ref.type), ref.namespace, ref.name);
  }

  #ownerExists(dep: KubeObject, depType: ResourceType, r: OwnerReference): boolean {
    const found = this.#api.registry.byKind(r.apiVersion, r.kind);
    if (!found) return false;
    const t = found.type;
    if (!depType.namespaced && t.namespaced) return false;
    const ns = t.namespaced ? dep.metadata.namespace ?? "" : "";
    const owner = this.#api.storage.get(storeKeyOf(t), ns, r.name);
    return owner?.metadata.uid === r.uid;
  }

  #check(ref: Ref): void {
    const obj = this.#get(ref);
    const refs = obj?.metadata.ownerReferences ?? [];
    if (!obj || refs.length === 0 || obj.metadata.deletionTimestamp) return;
    const alive = refs.filter((r) => this.#ownerExists(obj, ref.type, r));
    if (alive.length > 0) return;
    deleteObject(this.#api, ref.type, ref.namespace, ref.name, { propagationPolicy: "Background" });
  }

  #finishOwnerByUid(uid: string): void {
    for (const t of this.#api.registry.all) {
      for (const o of this.#api.storage.list(storeKeyOf(t))) {
        if (o.metadata.uid === uid && o.metadata.deletionTimestamp) {
          return this.#finishOwner(t, uid);
        }
      }
    }
  }

  #finishOwner(type: ResourceType, uid: string): void {
    const owner = this.#findByUid(type, uid);
    if (!owner || !owner.metadata.deletionTimestamp) return;
    const fin = owner.metadata.finalizers ?? [];
    const deps = [...(this.#dependents.get(uid)?.values() ?? [])]
      .map((d) => ({ d, o: this.#get(d) }))
      .filter((x) => x.o?.metadata.ownerReferences?.some((r) => r.uid === uid));
    let remove: string | undefined;
    if (fin.includes(ORPHAN_FINALIZER)) {
      for (const { d, o } of deps) {
        const next = structuredClone(o!);
        next.metadata.ownerReferences = next.metadata.ownerReferences!.filter((r) => r.uid !== uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        this.#api.writeStored(d.type, next);
      }
      remove = ORPHAN_FINALIZER;
    } else if (fin.includes(FOREGROUND_FINALIZER)) {
      for (const { d, o } of deps) {
        if (!o!.metadata.deletionTimestamp) {
          deleteObject(this.#api, d.type, d.namespace, d.name, { propagationPolicy: "Foreground" });
        }
      }
      const blocking = deps.filter(({ d, o }) =>
        this.#get(d) !== undefined &&
        o!.metadata.ownerReferences!.some((r) => r.uid === uid && r.blockOwnerDeletion)
      );
      if (blocking.length === 0) remove = FOREGROUND_FINALIZER;
    }
    if (!remove) return;
    const current = this.#findByUid(type, uid);
    if (!current) return;
    const next = structuredClone(current);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== remove);
    if (next.metadata.finalizers.length === 0) this.#api.removeStored(type, current);
    else this.#api.writeStored(type, next);
  }

  #findByUid(type: ResourceType, uid: string): KubeObject | undefined {
    return this.#api.storage.list(storeKeyOf(type)).find((o) => o.metadata.uid === uid);
  }
}
