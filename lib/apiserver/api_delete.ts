/**
 * DELETE semantics (reference §4): preconditions (DEL-7), propagation policies and their finalizers
 * (DEL-8), graceful deletion of objects with finalizers (DEL-2, DEL-3), immediate removal otherwise
 * (DEL-1, SVC-4), the Namespace special case (§2.4) and delete-collection (DEL-10).
 *
 * @module
 */
import type { Api } from "./api.ts";
import { failure, invalid, notSupported, type Status, successStatus } from "./errors.ts";
import { formatTime } from "./meta_time.ts";
import { clone } from "./object_util.ts";
import { storeKeyOf } from "./registry.ts";
import type { KubeObject, ResourceType } from "./types.ts";
import { subjectOf } from "./write_context.ts";

/** `metav1.DeleteOptions` (the fields the server honours). */
export interface DeleteOptions {
  propagationPolicy?: string;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
  dryRun?: string[];
}

/** What a DELETE answers: the object (still terminating, or returned by kind) or a Status. */
export interface DeleteResult {
  code: 200 | 202;
  object?: KubeObject;
  status?: Status;
  /** True when the object is gone (not just terminating). */
  gone: boolean;
}

/** Finalizer the server adds for foreground deletion. */
export const FOREGROUND_FINALIZER = "foregroundDeletion";
/** Finalizer the server adds for orphan deletion. */
export const ORPHAN_FINALIZER = "orphan";

const PROTECTED_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);

function policyOf(opts: DeleteOptions): string {
  if (opts.orphanDependents !== undefined && opts.propagationPolicy !== undefined) {
    throw invalid("DeleteOptions.meta.k8s.io", "", "", [{
      type: "FieldValueInvalid",
      field: "propagationPolicy",
      detail: 'Invalid value: "' + opts.propagationPolicy +
        '": orphanDependents and deletionPropagation cannot be both set',
    }]);
  }
  if (opts.orphanDependents === true) return "Orphan";
  if (opts.orphanDependents === false) return "Background";
  const p = opts.propagationPolicy ?? "Background";
  if (!["Foreground", "Background", "Orphan"].includes(p)) {
    throw invalid("DeleteOptions.meta.k8s.io", "", "", [
      notSupported("propagationPolicy", p, ["Foreground", "Background", "Orphan", "nil"]),
    ]);
  }
  return p;
}

function checkPreconditions(type: ResourceType, obj: KubeObject, opts: DeleteOptions): void {
  const pre = opts.preconditions ?? {};
  const name = obj.metadata.name!;
  const on = `Operation cannot be fulfilled on ${type.kind} "${name}": `;
  if (pre.uid && pre.uid !== obj.metadata.uid) {
    throw failure(
      409,
      "Conflict",
      `${on}the UID in the precondition (${pre.uid}) does not match the UID in record (${obj.metadata.uid}). The object might have been deleted and then recreated`,
      subjectDetails(type, name),
    );
  }
  if (pre.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw failure(
      409,
      "Conflict",
      `${on}the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${obj.metadata.resourceVersion}). The object might have been modified`,
      subjectDetails(type, name),
    );
  }
}

function subjectDetails(type: ResourceType, name: string) {
  return { name, ...(type.group ? { group: type.group } : {}), kind: type.resource };
}

/** Deletes one object. */
export function deleteObject(
  api: Api,
  type: ResourceType,
  namespace: string,
  name: string,
  opts: DeleteOptions = {},
): DeleteResult {
  const policy = policyOf(opts);
  if (type.resource === "namespaces" && type.group === "" && PROTECTED_NAMESPACES.has(name)) {
    throw failure(
      403,
      "Forbidden",
      `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      { name, kind: "namespaces" },
    );
  }
  const old = api.getStored(type, namespace, name);
  checkPreconditions(type, old, opts);
  const dry = (opts.dryRun ?? []).includes("All");
  const finalizers = [...(old.metadata.finalizers ?? [])];
  const add = policy === "Foreground"
    ? FOREGROUND_FINALIZER
    : policy === "Orphan"
    ? ORPHAN_FINALIZER
    : undefined;
  const isNamespace = type.resource === "namespaces" && type.group === "";
  const graceful = finalizers.length > 0 || isNamespace ||
    (add !== undefined && hasDependents(api, old));
  if (!graceful) {
    if (dry) return result(type, old, true, opts);
    const last = api.removeStored(type, old);
    return result(type, last, true, opts);
  }
  if (add && !finalizers.includes(add)) finalizers.push(add);
  const next = clone(old);
  const firstTime = !old.metadata.deletionTimestamp;
  if (firstTime) {
    next.metadata.deletionTimestamp = formatTime(api.clock.now());
    next.metadata.deletionGracePeriodSeconds = 0;
    if (old.metadata.generation !== undefined) {
      next.metadata.generation = old.metadata.generation + 1;
    }
  }
  if (finalizers.length) next.metadata.finalizers = finalizers;
  if (isNamespace) next.status = { ...(next.status as object), phase: "Terminating" };
  const changed = firstTime || finalizers.length !== (old.metadata.finalizers ?? []).length;
  if (dry || !changed) return { code: 200, object: dry ? next : old, gone: false };
  const stored = api.writeStored(type, next);
  const code = opts.orphanDependents === false ? 202 : 200;
  return { code, object: stored, gone: false };
}

/** Foreground/orphan deletion only waits when something depends on the object. */
function hasDependents(api: Api, owner: KubeObject): boolean {
  const uid = owner.metadata.uid;
  for (const t of api.registry.all) {
    if (t.group === "events.k8s.io") continue;
    for (const o of api.storage.list(storeKeyOf(t))) {
      if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) return true;
    }
  }
  return false;
}

function result(type: ResourceType, last: KubeObject, gone: boolean, _o: DeleteOptions) {
  if (type.returnDeletedObject) return { code: 200 as const, object: last, gone };
  return {
    code: 200 as const,
    status: successStatus(subjectOf(type, last.metadata.name!), last.metadata.uid ?? ""),
    gone,
  };
}

/** Deletes every listed object (DEL-10); returns what each delete left (gone or terminating). */
export function deleteCollection(
  api: Api,
  type: ResourceType,
  objects: readonly KubeObject[],
  opts: DeleteOptions,
): KubeObject[] {
  const out: KubeObject[] = [];
  for (const o of objects) {
    try {
      const r = deleteObject(api, type, o.metadata.namespace ?? "", o.metadata.name!, opts);
      out.push(r.object ?? o);
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
  return out;
}
