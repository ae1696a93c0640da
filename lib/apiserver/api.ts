/**
 * The API semantics of writes, independent of HTTP: create, update (main and status), and the
 * post-processing every write shares (server-owned fields, status subresource rules, generation,
 * no-op detection, managed fields, finalizer completion). Used by the HTTP handlers and by the
 * in-process {@link Store}, so both behave identically.
 *
 * Reference items: CRUD-1…16, STS-1…4, §2.1 generation, §0.8 no-op writes, DEL-4…6, CRUD-7/8.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  failure,
  type FieldError,
  invalid,
  MODIFIED_REASON,
  notFound,
} from "./errors.ts";
import { type ManagedFieldsEntry, managerName, recordManager } from "./managed_fields.ts";
import { formatTime } from "./meta_time.ts";
import { clone, jsonEqual, normalizeMeta, orderTop } from "./object_util.ts";
import { type Registry, storeKeyOf } from "./registry.ts";
import { prune } from "./schema.ts";
import { defaultCustom, validateCustom } from "./strategy_crd.ts";
import type { StrategyContext } from "./strategy.ts";
import type { Storage } from "./storage.ts";
import type { KubeObject, ResourceType } from "./types.ts";
import { apiVersionOf } from "./types.ts";
import { validateObjectMeta } from "./validation.ts";
import {
  fromView,
  storageApiVersion,
  strategyOf,
  subjectOf,
  type WriteOptions,
  type WriteResult,
} from "./write_context.ts";

const NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

/** Hooks the API calls after writes (garbage collection, namespace lifecycle, CRD changes). */
export interface ApiHooks {
  /** An object was removed for good. */
  deleted?(type: ResourceType, obj: KubeObject): void;
  /** An object was created or changed. */
  written?(type: ResourceType, obj: KubeObject): void;
}

/** The write semantics of the API server. */
export class Api {
  readonly storage: Storage;
  readonly registry: Registry;
  readonly ctx: StrategyContext;
  readonly clock: Clock;
  hooks: ApiHooks = {};

  constructor(storage: Storage, registry: Registry, ctx: StrategyContext, clock: Clock) {
    this.storage = storage;
    this.registry = registry;
    this.ctx = ctx;
    this.clock = clock;
  }

  /** The stored object, or a 404 ApiError. */
  getStored(type: ResourceType, namespace: string, name: string): KubeObject {
    const obj = this.storage.get(storeKeyOf(type), type.namespaced ? namespace : "", name);
    if (!obj) throw notFound(subjectOf(type, name));
    return obj;
  }

  /** Creates an object (POST). `body` is in the API form of `version`. */
  create(
    type: ResourceType,
    version: string,
    namespace: string,
    body: KubeObject,
    opts: WriteOptions = {},
  ): WriteResult {
    const obj = this.#decode(type, version, body);
    const meta = obj.metadata;
    if (type.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw badRequest(
          "the namespace of the provided object does not match the namespace sent on the request",
        );
      }
      meta.namespace = namespace;
      this.#checkNamespace(type, namespace, meta.name ?? meta.generateName ?? "");
    } else {
      delete meta.namespace;
    }
    if (meta.resourceVersion) {
      throw badRequest("resourceVersion should not be set on objects to be created");
    }
    if (!meta.name && meta.generateName) meta.name = this.#generateName(type, meta);
    const key = storeKeyOf(type);
    const existing = meta.name ? this.storage.get(key, meta.namespace ?? "", meta.name) : undefined;
    if (existing) {
      throw alreadyExists(subjectOf(type, meta.name!), !!existing.metadata.deletionTimestamp);
    }
    for (const f of ["uid", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"]) {
      delete meta[f];
    }
    delete meta.managedFields;
    const warnings = this.#prepareCustom(type, version, obj, opts, true);
    const strategy = strategyOf(type);
    strategy.prepareCreate?.(obj, type, this.ctx);
    const errors: FieldError[] = validateObjectMeta(type, obj, undefined);
    errors.push(...(strategy.validate?.(obj, undefined, type, this.ctx) ?? []));
    if (type.custom) {
      errors.push(...validateCustom(obj, undefined, type, version, this.ctx.customValidators));
    }
    if (errors.length) {
      strategy.released?.(obj, this.ctx);
      throw this.#invalid(type, meta.name ?? "", errors);
    }
    const now = this.clock.now();
    meta.uid = crypto.randomUUID();
    meta.creationTimestamp = formatTime(now);
    if (type.generation !== "none") meta.generation = 1;
    meta.managedFields = recordManager([], undefined, obj, this.#writer(type, version, opts, now));
    if (opts.dryRun) {
      strategy.released?.(obj, this.ctx);
      return { object: this.#finish(type, obj, "0"), created: true, warnings };
    }
    const stored = this.#finish(type, obj, String(this.storage.nextResourceVersion()));
    this.storage.put(key, stored);
    this.hooks.written?.(type, stored);
    return { object: stored, created: true, warnings };
  }

  /**
   * Replaces an object (PUT), on the main resource or the `status` subresource. Objects a kind allows
   * to be created by PUT are created (CRUD-14).
   */
  update(
    type: ResourceType,
    version: string,
    namespace: string,
    name: string,
    body: KubeObject,
    opts: WriteOptions = {},
    subresource?: "status",
  ): WriteResult {
    const obj = this.#decode(type, version, body);
    const meta = obj.metadata;
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(
        `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
      );
    }
    meta.name = name;
    if (type.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw badRequest(
          `the namespace of the object (${meta.namespace}) does not match the namespace on the request (${namespace})`,
        );
      }
      meta.namespace = namespace;
    } else delete meta.namespace;
    const key = storeKeyOf(type);
    const old = this.storage.get(key, meta.namespace ?? "", name);
    if (!old) {
      if (!subresource && type.allowCreateOnUpdate) {
        delete meta.resourceVersion;
        return this.create(type, version, namespace, this.#view(type, version, obj), opts);
      }
      throw notFound(subjectOf(type, name));
    }
    return this.#updateExisting(type, version, old, obj, opts, subresource, true);
  }

  /**
   * Writes `obj` (storage form, decoded) over `old`. `requireRv` enforces CRUD-12 (a PATCH always
   * carries the stored RV, so it never trips it).
   */
  #updateExisting(
    type: ResourceType,
    version: string,
    old: KubeObject,
    obj: KubeObject,
    opts: WriteOptions,
    subresource: "status" | undefined,
    requireRv: boolean,
  ): WriteResult {
    const meta = obj.metadata;
    const subject = subjectOf(type, old.metadata.name!);
    if (meta.resourceVersion) {
      if (meta.resourceVersion !== old.metadata.resourceVersion) {
        throw conflict(subject, MODIFIED_REASON);
      }
    } else if (requireRv && !type.allowUnconditionalUpdate) {
      throw invalid(type.resource, type.group, old.metadata.name!, [{
        type: "FieldValueInvalid",
        field: "metadata.resourceVersion",
        detail: "Invalid value: 0x0: must be specified for an update",
      }], type.resource);
    }
    if (meta.uid && meta.uid !== old.metadata.uid) {
      throw conflict(
        subject,
        `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    let next = obj;
    if (subresource === "status") {
      next = type.custom
        ? { ...clone(old), status: obj.status }
        : { ...obj, spec: clone(old.spec) };
      if (next.status === undefined) delete next.status;
      if (!type.custom) next.metadata = { ...obj.metadata };
    } else if (type.statusSubresource) {
      if (old.status === undefined) delete next.status;
      else next.status = clone(old.status);
    }
    const nm = next.metadata;
    for (
      const f of ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"]
    ) {
      if (old.metadata[f] !== undefined) nm[f] = old.metadata[f];
      else delete nm[f];
    }
    if (old.metadata.generation !== undefined) nm.generation = old.metadata.generation;
    else delete nm.generation;
    nm.managedFields = old.metadata.managedFields;
    const warnings = this.#prepareCustom(type, version, next, opts, false);
    const strategy = strategyOf(type);
    if (subresource !== "status" || !type.custom) {
      strategy.prepareUpdate?.(next, old, type, this.ctx);
    }
    const errors = validateObjectMeta(type, next, old);
    errors.push(...(strategy.validate?.(next, old, type, this.ctx) ?? []));
    if (type.custom) {
      errors.push(...validateCustom(next, old, type, version, this.ctx.customValidators));
    }
    if (errors.length) throw this.#invalid(type, old.metadata.name!, errors);
    if (this.#bumpsGeneration(type, old, next)) nm.generation = (old.metadata.generation ?? 0) + 1;
    normalizeMeta(next);
    const candidate = orderTop({ ...next, apiVersion: storageApiVersion(type), kind: old.kind });
    if (sameContent(candidate, old)) return { object: old, created: false, warnings };
    const now = this.clock.now();
    candidate.metadata.managedFields = recordManager(
      (old.metadata.managedFields ?? []) as ManagedFieldsEntry[],
      old,
      candidate,
      this.#writer(type, version, opts, now, subresource),
    );
    if (opts.dryRun) return { object: candidate, created: false, warnings };
    const key = storeKeyOf(type);
    const rv = String(this.storage.nextResourceVersion());
    if (old.metadata.deletionTimestamp && (candidate.metadata.finalizers ?? []).length === 0) {
      const last = { ...old, metadata: { ...old.metadata, resourceVersion: rv } };
      this.storage.remove(key, last);
      strategy.released?.(old, this.ctx);
      this.hooks.deleted?.(type, last);
      candidate.metadata.resourceVersion = rv;
      return { object: candidate, created: false, warnings };
    }
    candidate.metadata.resourceVersion = rv;
    this.storage.put(key, candidate);
    this.hooks.written?.(type, candidate);
    return { object: candidate, created: false, warnings };
  }

  /**
   * Writes an already-patched object over the stored one (PATCH after the patch was applied to the
   * stored object's view).
   */
  updatePatched(
    type: ResourceType,
    version: string,
    old: KubeObject,
    patched: KubeObject,
    opts: WriteOptions,
    subresource?: "status",
  ): WriteResult {
    const obj = this.#decode(type, version, patched);
    if (obj.metadata.name !== old.metadata.name) {
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${old.metadata.name})`,
      );
    }
    if (type.namespaced && obj.metadata.namespace !== old.metadata.namespace) {
      throw badRequest(
        `the namespace of the object (${obj.metadata.namespace}) does not match the namespace on the request (${old.metadata.namespace})`,
      );
    }
    return this.#updateExisting(type, version, old, obj, opts, subresource, false);
  }

  /** Writes the stored form directly (server-side bookkeeping: deletion, namespace phase). */
  writeStored(type: ResourceType, obj: KubeObject): KubeObject {
    const next = orderTop(clone(obj));
    next.metadata.resourceVersion = String(this.storage.nextResourceVersion());
    this.storage.put(storeKeyOf(type), next);
    this.hooks.written?.(type, next);
    return next;
  }

  /** Removes an object for good with a new RV; returns its last state. */
  removeStored(type: ResourceType, obj: KubeObject): KubeObject {
    const last = { ...obj, metadata: { ...obj.metadata } };
    last.metadata.resourceVersion = String(this.storage.nextResourceVersion());
    this.storage.remove(storeKeyOf(type), last);
    strategyOf(type).released?.(obj, this.ctx);
    this.hooks.deleted?.(type, last);
    return last;
  }

  #view(type: ResourceType, version: string, obj: KubeObject): KubeObject {
    return { ...obj, apiVersion: apiVersionOf(type.group, version), kind: type.kind };
  }

  #decode(type: ResourceType, version: string, body: unknown): KubeObject {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw badRequest(
        `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${
          Array.isArray(body) ? "array" : typeof body
        } into Go value of type struct`,
      );
    }
    const b = body as KubeObject;
    const want = apiVersionOf(type.group, version);
    if (b.apiVersion !== undefined && b.apiVersion !== want) {
      throw badRequest(
        `the API version in the data (${b.apiVersion}) does not match the expected API version (${want})`,
      );
    }
    if (b.kind !== undefined && b.kind !== type.kind) {
      throw badRequest(
        `the kind in the data (${b.kind}) does not match the expected kind (${type.kind})`,
      );
    }
    if (b.metadata !== undefined && (typeof b.metadata !== "object" || b.metadata === null)) {
      throw badRequest(
        `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: metadata must be an object`,
      );
    }
    const obj = fromView(type, clone({ ...b, metadata: b.metadata ?? {} }));
    obj.apiVersion = storageApiVersion(type);
    obj.kind = type.kind;
    return obj;
  }

  /** Prunes (with fieldValidation) and defaults custom resources; returns warnings. */
  #prepareCustom(
    type: ResourceType,
    version: string,
    obj: KubeObject,
    opts: WriteOptions,
    creating: boolean,
  ): string[] {
    if (!type.custom) return [];
    if (creating && type.statusSubresource) delete obj.status;
    const schema = type.schemas?.[version];
    if (!schema) return [];
    const unknown = prune(obj, schema);
    const mode = opts.fieldValidation ?? "Warn";
    if (unknown.length && mode === "Strict") {
      const list = unknown.map((f) => `unknown field "${f}"`).join(", ");
      throw badRequest(
        `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: strict decoding error: ${list}`,
      );
    }
    defaultCustom(obj, type, version);
    return mode === "Warn" ? unknown.map((f) => `unknown field "${f}"`) : [];
  }

  #bumpsGeneration(type: ResourceType, old: KubeObject, next: KubeObject): boolean {
    if (type.generation === "none") return false;
    const strip = (o: KubeObject) => {
      const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
      if (type.generation === "spec" && type.statusSubresource) delete rest.status;
      if (type.resource === "customresourcedefinitions") return { spec: rest.spec };
      return rest;
    };
    return !jsonEqual(strip(old), strip(next));
  }

  #checkNamespace(type: ResourceType, namespace: string, name: string): void {
    const ns = this.storage.get("/namespaces", "", namespace);
    if (!ns) throw notFound({ resource: "namespaces", group: "", name: namespace });
    if (ns.metadata.deletionTimestamp) {
      throw failure(
        403,
        "Forbidden",
        `${type.resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          name,
          ...(type.group ? { group: type.group } : {}),
          kind: type.resource,
          causes: [{
            reason: "NamespaceTerminating",
            message: `namespace ${namespace} is being terminated`,
            field: "metadata.namespace",
          }],
        },
      );
    }
  }

  #generateName(type: ResourceType, meta: KubeObject["metadata"]): string {
    const prefix = meta.generateName!.slice(0, 58);
    for (let attempt = 0; attempt < 8; attempt++) {
      let suffix = "";
      const bytes = crypto.getRandomValues(new Uint8Array(5));
      for (const b of bytes) suffix += NAME_CHARS[b % NAME_CHARS.length];
      const name = prefix + suffix;
      if (!this.storage.get(storeKeyOf(type), meta.namespace ?? "", name)) return name;
    }
    const name = prefix;
    throw failure(
      409,
      "AlreadyExists",
      `${
        type.group ? `${type.resource}.${type.group}` : type.resource
      } "${name}" already exists, the server was not able to generate a unique name for the object`,
      { name, ...(type.group ? { group: type.group } : {}), kind: type.resource },
    );
  }

  #writer(
    type: ResourceType,
    version: string,
    opts: WriteOptions,
    now: number,
    subresource?: string,
  ) {
    const w = {
      manager: managerName(opts.fieldManager, opts.userAgent),
      operation: opts.operation ?? "Update",
      apiVersion: apiVersionOf(type.group, version),
      time: formatTime(now),
    };
    return subresource ? { ...w, subresource } : w;
  }

  #finish(type: ResourceType, obj: KubeObject, rv: string): KubeObject {
    obj.metadata.resourceVersion = rv;
    normalizeMeta(obj);
    return orderTop({ ...obj, apiVersion: storageApiVersion(type), kind: obj.kind ?? type.kind });
  }

  #invalid(type: ResourceType, name: string, errors: FieldError[]): ApiError {
    return invalid(type.kind, type.group, name, errors);
  }
}

function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined },
  });
  return jsonEqual(strip(a), strip(b));
}
