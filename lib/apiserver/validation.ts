/**
 * Object-metadata validation shared by every kind (CRUD-5, CRUD-17, CRUD-18, DEL-5, ownerReferences),
 * with apimachinery's exact messages.
 *
 * @module
 */
import { type FieldError, forbiddenField, invalidValue, required, tooLong } from "./errors.ts";
import type { KubeObject, ResourceType } from "./types.ts";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** Total size limit of annotations, in bytes (CRUD-18). */
export const ANNOTATIONS_MAX_BYTES = 262144;

/** Validates a DNS-1123 label (≤63); returns error details, empty when valid. */
export function dns1123Label(v: string): string[] {
  const out: string[] = [];
  if (v.length > 63) out.push("must be no more than 63 characters");
  if (!DNS1123_LABEL.test(v)) out.push(LABEL_MSG);
  return out;
}

/** Validates a DNS-1123 subdomain (≤253). */
export function dns1123Subdomain(v: string): string[] {
  const out: string[] = [];
  if (v.length > 253) out.push("must be no more than 253 characters");
  if (!DNS1123_SUBDOMAIN.test(v)) out.push(SUBDOMAIN_MSG);
  return out;
}

/** Validates a DNS-1035 label (Service names, CRUD-17). */
export function dns1035Label(v: string): string[] {
  const out: string[] = [];
  if (v.length > 63) out.push("must be no more than 63 characters");
  if (!DNS1035_LABEL.test(v)) out.push(DNS1035_MSG);
  return out;
}

/** Validates a qualified name (`[prefix/]name`), as label and annotation keys must be. */
export function qualifiedName(key: string): string[] {
  const parts = key.split("/");
  let name = key;
  const out: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) out.push("prefix part must be non-empty");
    else {out.push(
        ...dns1123Subdomain(prefix).map((m) =>
          m.startsWith("a lowercase") ? `prefix part ${m}` : m
        ),
      );}
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) out.push("name part must be non-empty");
  else if (name.length > 63) out.push("name part must be no more than 63 characters");
  if (name.length > 0 && !QUALIFIED_NAME.test(name)) out.push(QUALIFIED_MSG);
  return out;
}

function nameErrors(rule: ResourceType["nameRule"], name: string): string[] {
  if (rule === "dns1035") return dns1035Label(name);
  if (rule === "label") return dns1123Label(name);
  return dns1123Subdomain(name);
}

/**
 * Validates `metadata` of an object being written: name (or generateName), labels, annotations,
 * ownerReferences, and (on update) that no finalizer is added to a terminating object.
 */
export function validateObjectMeta(
  type: ResourceType,
  obj: KubeObject,
  old: KubeObject | undefined,
): FieldError[] {
  const m = obj.metadata;
  const out: FieldError[] = [];
  if (!m.name && !m.generateName) {
    out.push(required("metadata.name", "name or generateName is required"));
  } else if (m.name) {
    for (const msg of nameErrors(type.nameRule, m.name)) {
      out.push(invalidValue("metadata.name", m.name, msg));
    }
  }
  for (const [k, v] of Object.entries(m.labels ?? {})) {
    for (const msg of qualifiedName(k)) out.push(invalidValue("metadata.labels", k, msg));
    if (typeof v !== "string" || v.length > 63 || !LABEL_VALUE.test(v)) {
      const detail = typeof v === "string" && v.length > 63
        ? "must be no more than 63 characters"
        : LABEL_VALUE_MSG;
      out.push(invalidValue("metadata.labels", v, detail));
    }
  }
  let size = 0;
  for (const [k, v] of Object.entries(m.annotations ?? {})) {
    for (const msg of qualifiedName(k)) out.push(invalidValue("metadata.annotations", k, msg));
    size += k.length + (typeof v === "string" ? new TextEncoder().encode(v).length : 0);
  }
  if (size > ANNOTATIONS_MAX_BYTES) {
    out.push(tooLong("metadata.annotations", `must have at most ${ANNOTATIONS_MAX_BYTES} bytes`));
  }
  out.push(...validateOwnerReferences(m.ownerReferences ?? []));
  if (old?.metadata.deletionTimestamp) {
    const before = new Set(old.metadata.finalizers ?? []);
    const added = (m.finalizers ?? []).filter((f) => !before.has(f));
    if (added.length) {
      out.push(forbiddenField(
        "metadata.finalizers",
        `no new finalizers can be added if the object is being deleted, found new finalizers []string{${
          added.map((f) => JSON.stringify(f)).join(", ")
        }}`,
      ));
    }
  }
  return out;
}

function validateOwnerReferences(refs: NonNullable<KubeObject["metadata"]["ownerReferences"]>) {
  const out: FieldError[] = [];
  const controllers: string[] = [];
  refs.forEach((r) => {
    for (const f of ["apiVersion", "kind", "name", "uid"] as const) {
      if (!r[f]) out.push(required(`metadata.ownerReferences.${f}`));
    }
    if (r.controller) controllers.push(`${r.kind}/${r.name}`);
  });
  if (controllers.length > 1) {
    out.push(invalidValue(
      "metadata.ownerReferences",
      refs,
      `Only one reference can have Controller set to true. Found "true" in references for ${
        controllers.join(" and ")
      }`,
    ));
  }
  return out;
}
