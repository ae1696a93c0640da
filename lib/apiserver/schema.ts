/**
 * Structural-schema semantics of CRDs, as apiextensions-apiserver applies them (reference §12):
 * pruning of unknown fields, OpenAPI `default`s, and value validation (types, enums, patterns, sizes,
 * required fields) with kube-openapi's error wording.
 *
 * Written by hand: the npm JSON-schema validators (ajv and friends) neither prune nor default the
 * Kubernetes way, nor produce the `field.Error` texts clients see.
 *
 * @module
 */
import { clone, isObj } from "./object_util.ts";
import {
  type FieldError,
  invalidValue,
  notSupported,
  required,
  tooLong,
  tooMany,
} from "./errors.ts";
import type { Json, Schema } from "./types.ts";

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * Removes fields the schema does not declare, in place; returns their paths (`spec.foo`). The root's
 * `apiVersion`, `kind` and `metadata` are always kept.
 */
export function prune(value: unknown, schema: Schema, path = "", root = true): string[] {
  const unknown: string[] = [];
  if (schema["x-kubernetes-preserve-unknown-fields"]) return unknown;
  if (Array.isArray(value) && schema.items) {
    value.forEach((v, i) => unknown.push(...prune(v, schema.items!, `${path}[${i}]`, false)));
  } else if (isObj(value) && schema.type === "object") {
    for (const key of Object.keys(value)) {
      if (root && (key === "apiVersion" || key === "kind" || key === "metadata")) continue;
      const sub = schema.properties?.[key] ??
        (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
      if (value[key] === null && !sub?.nullable) {
        delete value[key];
        continue;
      }
      if (!sub) {
        if (schema.additionalProperties === true) continue;
        unknown.push(child(path, key));
        delete value[key];
      } else {
        unknown.push(...prune(value[key], sub, child(path, key), false));
      }
    }
  }
  return unknown;
}

/** Applies OpenAPI defaults in place: absent properties with a `default` get it, recursively. */
export function applyDefaults(value: unknown, schema: Schema): void {
  if (Array.isArray(value) && schema.items) {
    for (const item of value) applyDefaults(item, schema.items);
  } else if (isObj(value) && schema.properties) {
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (value[key] === undefined && sub.default !== undefined) value[key] = clone(sub.default);
      if (value[key] !== undefined) applyDefaults(value[key], sub);
    }
  } else if (isObj(value) && typeof schema.additionalProperties === "object") {
    for (const v of Object.values(value)) applyDefaults(v, schema.additionalProperties);
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function typeOk(value: unknown, type: Schema["type"], intOrString: boolean): boolean {
  if (intOrString) return typeof value === "string" || Number.isInteger(value);
  switch (type) {
    case "object":
      return isObj(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    default:
      return true;
  }
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (Number.isInteger(value)) return "integer";
  return typeof value === "object" ? "object" : typeof value;
}

function validateScalar(value: unknown, s: Schema, path: string, out: FieldError[]): void {
  if (s.enum && !s.enum.includes(value as Json)) {
    out.push(notSupported(path, value, s.enum.map(String)));
  }
  if (typeof value === "string") {
    if (s.maxLength !== undefined && value.length > s.maxLength) {
      out.push(tooLong(path, `may not be more than ${s.maxLength} bytes`));
    }
    if (s.minLength !== undefined && value.length < s.minLength) {
      out.push(
        invalidValue(path, value, `${path} in body should be at least ${s.minLength} chars long`),
      );
    }
    if (s.format === "date-time" && !DATE_TIME.test(value)) {
      out.push(
        invalidValue(
          path,
          value,
          `${path} in body must be of type date-time: ${JSON.stringify(value)}`,
        ),
      );
    }
    if (s.pattern && !new RegExp(s.pattern).test(value)) {
      out.push(invalidValue(path, value, `${path} in body should match '${s.pattern}'`));
    }
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum) {
      out.push(
        invalidValue(
          path,
          value,
          `${path} in body should be greater than or equal to ${s.minimum}`,
        ),
      );
    }
    if (s.maximum !== undefined && value > s.maximum) {
      out.push(
        invalidValue(path, value, `${path} in body should be less than or equal to ${s.maximum}`),
      );
    }
  }
}

/** Validates `value` against the schema; returns every violation with kube-openapi wording. */
export function validateSchema(value: unknown, schema: Schema, path = ""): FieldError[] {
  const out: FieldError[] = [];
  walk(value, schema, path, out);
  return out;
}

function walk(value: unknown, s: Schema, path: string, out: FieldError[]): void {
  if (value === null && s.nullable) return;
  if (!typeOk(value, s.type, s["x-kubernetes-int-or-string"] === true)) {
    out.push({
      type: "FieldValueTypeInvalid",
      field: path,
      detail: `Invalid value: "${typeName(value)}": ${path} in body must be of type ${s.type}: "${
        typeName(value)
      }"`,
    });
    return;
  }
  validateScalar(value, s, path, out);
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) {
      out.push(tooMany(path, value.length, s.maxItems));
    }
    if (s.minItems !== undefined && value.length < s.minItems) {
      out.push(
        invalidValue(
          path,
          value.length,
          `${path} in body should have at least ${s.minItems} items`,
        ),
      );
    }
    if (s.items) value.forEach((v, i) => walk(v, s.items!, `${path}[${i}]`, out));
    return;
  }
  if (!isObj(value)) return;
  for (const name of s.required ?? []) {
    if (value[name] === undefined) out.push(required(child(path, name)));
  }
  if (s.maxProperties !== undefined && Object.keys(value).length > s.maxProperties) {
    out.push(tooMany(path, Object.keys(value).length, s.maxProperties));
  }
  for (const [key, v] of Object.entries(value)) {
    if (path === "" && (key === "apiVersion" || key === "kind" || key === "metadata")) continue;
    const sub = s.properties?.[key] ??
      (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
    if (sub && v !== undefined) walk(v, sub, child(path, key), out);
  }
}
