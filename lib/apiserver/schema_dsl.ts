/**
 * A tiny vocabulary for writing OpenAPI v3 structural schemas in TypeScript, so the hand-written Gateway
 * API schemas read like the Go types they describe.
 *
 * @module
 */
import type { Json, Schema } from "./types.ts";

type Extra = Omit<Schema, "type" | "properties" | "items">;

/** An object with the given properties. */
export function object(properties: Record<string, Schema>, extra: Extra = {}): Schema {
  return { type: "object", properties, ...extra };
}

/** A string. */
export function string(extra: Extra = {}): Schema {
  return { type: "string", ...extra };
}

/** An int32/int64 integer. */
export function integer(extra: Extra = {}): Schema {
  return { type: "integer", format: "int32", ...extra };
}

/** A boolean. */
export function boolean(extra: Extra = {}): Schema {
  return { type: "boolean", ...extra };
}

/** An array of `items`. */
export function array(items: Schema, extra: Extra = {}): Schema {
  return { type: "array", items, ...extra };
}

/** A list-map keyed by `keys` (`x-kubernetes-list-type: map`). */
export function mapList(items: Schema, keys: string[], extra: Extra = {}): Schema {
  return {
    type: "array",
    items,
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": keys,
    ...extra,
  };
}

/** A `map[string]string`. */
export function stringMap(extra: Extra = {}): Schema {
  return { type: "object", additionalProperties: { type: "string" }, ...extra };
}

/** A string enum. */
export function enumOf(values: string[], extra: Extra = {}): Schema {
  return { type: "string", enum: values, ...extra };
}

/** Marks `names` required on an object schema. */
export function req(schema: Schema, ...names: string[]): Schema {
  return { ...schema, required: [...(schema.required ?? []), ...names] };
}

/** Adds a default. */
export function withDefault(schema: Schema, value: Json): Schema {
  return { ...schema, default: value };
}

/** `metav1.LabelSelector`. */
export const labelSelector: Schema = object({
  matchExpressions: array(
    req(
      object({
        key: string(),
        operator: string(),
        values: array(string(), { "x-kubernetes-list-type": "atomic" }),
      }),
      "key",
      "operator",
    ),
    { "x-kubernetes-list-type": "atomic" },
  ),
  matchLabels: stringMap(),
}, { "x-kubernetes-map-type": "atomic" });

/** `metav1.Condition`. */
export const condition: Schema = req(
  object({
    lastTransitionTime: string({ format: "date-time" }),
    message: string({ maxLength: 32768 }),
    observedGeneration: integer({ format: "int64", minimum: 0 }),
    reason: string({
      maxLength: 1024,
      minLength: 1,
      pattern: "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
    }),
    status: enumOf(["True", "False", "Unknown"]),
    type: string({
      maxLength: 316,
      pattern:
        "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
    }),
  }),
  "lastTransitionTime",
  "message",
  "reason",
  "status",
  "type",
);

/** A list of conditions keyed by type, at most `max`. */
export function conditions(max = 8, defaultValue?: Json): Schema {
  const s = mapList(condition, ["type"], { maxItems: max });
  return defaultValue === undefined ? s : withDefault(s, defaultValue);
}
