/**
 * Steps of a write that do not depend on the API's state beyond the storage they are given: decoding
 * a client's body into storage form, custom-resource pruning and defaulting, the generation rule,
 * namespace admission (CRUD-7, CRUD-8) and `generateName` (CRUD-4).
 *
 * @module
 */
import { CORE_SCHEMAS } from "./core_schemas.ts";
import { badRequest, failure, notFound } from "./errors.ts";
import { clone, jsonEqual } from "./object_util.ts";
import { storeKeyOf } from "./registry.ts";
import { prune, validateSchema } from "./schema.ts";
import type { Storage } from "./storage.ts";
import { defaultCustom } from "./strategy_crd.ts";
import { apiVersionOf, type KubeObject, type ResourceType, type Schema } from "./types.ts";
import { fromView, storageApiVersion, type WriteOptions } from "./write_context.ts";

const NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

/** A client's body, checked against the URL's kind and version, in storage form. */
export function decode(type: ResourceType, version: string, body: unknown): KubeObject {
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

/**
 * Drops fields the kind does not have (400 with `fieldValidation=Strict`, a warning with `Warn`, the
 * default) and applies custom resources' schema defaults; returns the warnings.
 */
export function prepareCustom(
  type: ResourceType,
  version: string,
  obj: KubeObject,
  opts: WriteOptions,
  creating: boolean,
): string[] {
  if (type.custom && creating && type.statusSubresource) delete obj.status;
  const schema = type.custom
    ? type.schemas?.[version]
    : CORE_SCHEMAS[storeKeyOf(type) === "/events" ? "/events" : `${type.group}/${type.resource}`];
  if (!schema) return [];
  const unknown = prune(obj, schema);
  const mode = opts.fieldValidation ?? "Warn";
  if (unknown.length && mode === "Strict") {
    const list = unknown.map((f) => `unknown field "${f}"`).join(", ");
    throw badRequest(
      `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: strict decoding error: ${list}`,
    );
  }
  if (type.custom) defaultCustom(obj, type, version);
  else rejectWrongTypes(type, version, obj, schema);
  return mode === "Warn" ? unknown.map((f) => `unknown field "${f}"`) : [];
}

/** Built-in objects are decoded into Go structs: a value of the wrong JSON type is a 400. */
function rejectWrongTypes(type: ResourceType, version: string, obj: KubeObject, schema: Schema) {
  const wrong = validateSchema(obj, schema).filter((e) => e.type === "FieldValueTypeInvalid");
  if (wrong.length === 0) return;
  const e = wrong[0]!;
  const got = /Invalid value: "(\w+)"/.exec(e.detail)?.[1] ?? "value";
  const want = / must be of type (\w+)/.exec(e.detail)?.[1] ?? "value";
  throw badRequest(
    `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${got} into Go struct field .${e.field} of type ${want}`,
  );
}

/** True when a write changes what `metadata.generation` counts for the kind (§2.1). */
export function bumpsGeneration(type: ResourceType, old: KubeObject, next: KubeObject): boolean {
  if (type.generation === "none") return false;
  const strip = (o: KubeObject) => {
    const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
    if (type.generation === "spec" && type.statusSubresource) delete rest.status;
    if (type.resource === "customresourcedefinitions") return { spec: rest.spec };
    return rest;
  };
  return !jsonEqual(strip(old), strip(next));
}

/** CRUD-7/CRUD-8: the namespace must exist and not be terminating. */
export function checkNamespace(
  storage: Storage,
  type: ResourceType,
  namespace: string,
  name: string,
): void {
  const ns = storage.get("/namespaces", "", namespace);
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

/** CRUD-4: a free name from `generateName` plus five random characters. */
export function generateName(
  storage: Storage,
  type: ResourceType,
  meta: KubeObject["metadata"],
): string {
  const prefix = meta.generateName!.slice(0, 58);
  for (let attempt = 0; attempt < 8; attempt++) {
    let suffix = "";
    const bytes = crypto.getRandomValues(new Uint8Array(5));
    for (const b of bytes) suffix += NAME_CHARS[b % NAME_CHARS.length];
    const name = prefix + suffix;
    if (!storage.get(storeKeyOf(type), meta.namespace ?? "", name)) return name;
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
