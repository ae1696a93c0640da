/**
 * Field paths and sets, as structured-merge-diff writes them in `managedFields[].fieldsV1`:
 * `f:<field>` for a map field, `k:{"name":"tcp"}` for an item of a list-map (with `.` marking the
 * item itself), `v:<json>` for a member of a set. Lists are keyed by the CRD schema's
 * `x-kubernetes-list-map-keys` (custom resources) or by the patch-merge keys of the built-in types;
 * other lists are atomic (one leaf).
 *
 * @module
 */
import type { Schema } from "./types.ts";
import { CORE_LIST_KEYS, isObj, type Obj } from "./object_util.ts";

/** One path, elements in order, e.g. `["f:spec", "f:listeners", 'k:{"name":"tcp"}', "f:port"]`. */
export type FieldPath = string[];

const CORE_SETS = new Set(["finalizers"]);

/** metadata fields that are identity or server-owned, never tracked. */
const UNTRACKED_META = new Set([
  "name",
  "namespace",
  "generateName",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
]);

type ListShape = { kind: "map"; keys: string[] } | { kind: "set" } | { kind: "atomic" };

function listShape(schema: Schema | undefined, field: string, custom: boolean): ListShape {
  if (schema?.["x-kubernetes-list-type"] === "map") {
    return { kind: "map", keys: schema["x-kubernetes-list-map-keys"] ?? [] };
  }
  if (schema?.["x-kubernetes-list-type"] === "set" || CORE_SETS.has(field)) return { kind: "set" };
  if (!custom) {
    const keys = CORE_LIST_KEYS[field];
    if (keys && keys.length) return { kind: "map", keys: [...keys] };
  }
  return { kind: "atomic" };
}

function itemKey(item: Obj, keys: string[], field: string): string {
  const k: Obj = {};
  for (const key of [...keys].sort()) {
    const v = item[key] ?? (field === "ports" && key === "protocol" ? "TCP" : undefined);
    if (v !== undefined) k[key] = v;
  }
  return `k:${JSON.stringify(k)}`;
}

function sub(schema: Schema | undefined, key: string): Schema | undefined {
  if (!schema) return undefined;
  return schema.properties?.[key] ??
    (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
}

/**
 * The leaf paths an object sets, each with its value: what a manager owns when it applies or writes
 * that object. `custom` selects CRD list semantics (schema keys only).
 */
export function leafPaths(
  obj: unknown,
  schema: Schema | undefined,
  custom: boolean,
  skipStatus = false,
): Map<string, { path: FieldPath; value: unknown }> {
  const out = new Map<string, { path: FieldPath; value: unknown }>();
  const add = (path: FieldPath, value: unknown) => out.set(JSON.stringify(path), { path, value });
  const walk = (v: unknown, s: Schema | undefined, path: FieldPath, field: string): void => {
    if (isObj(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0 || s?.["x-kubernetes-map-type"] === "atomic") {
        add(path, v);
        return;
      }
      for (const k of keys) walk(v[k], sub(s, k), [...path, `f:${k}`], k);
      return;
    }
    if (Array.isArray(v)) {
      const shape = listShape(s, field, custom);
      if (shape.kind === "atomic" || v.length === 0) {
        add(path, v);
        return;
      }
      for (const item of v) {
        if (shape.kind === "set") add([...path, `v:${JSON.stringify(item)}`], item);
        else if (isObj(item)) {
          const p = [...path, itemKey(item, shape.keys, field)];
          add([...p, "."], true);
          for (const [k, iv] of Object.entries(item)) {
            walk(iv, sub(s?.items, k), [...p, `f:${k}`], k);
          }
        }
      }
      return;
    }
    add(path, v);
  };
  if (!isObj(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (k === "apiVersion" || k === "kind") continue;
    if (k === "status" && skipStatus) continue;
    if (k === "metadata" && isObj(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (UNTRACKED_META.has(mk)) continue;
        walk(mv, undefined, ["f:metadata", `f:${mk}`], mk);
      }
      continue;
    }
    walk(v, sub(schema, k), [`f:${k}`], k);
  }
  return out;
}

/** Turns a set of paths into `fieldsV1`. */
export function toFieldsV1(paths: Iterable<FieldPath>): Obj {
  const root: Obj = {};
  for (const path of paths) {
    let cur = root;
    for (const el of path) {
      if (!isObj(cur[el])) cur[el] = {};
      cur = cur[el] as Obj;
    }
  }
  return root;
}

/** Reads `fieldsV1` back into its leaf paths. */
export function fromFieldsV1(f: unknown): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (node: unknown, path: FieldPath) => {
    if (!isObj(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 0 && path.length) out.push(path);
    for (const k of keys) walk(node[k], [...path, k]);
  };
  walk(f, []);
  return out;
}

/** A path as conflict messages print it: `.spec.listeners[name="tcp"].port`. */
export function displayPath(path: FieldPath): string {
  let s = "";
  for (const el of path) {
    if (el === ".") continue;
    if (el.startsWith("f:")) s += `.${el.slice(2)}`;
    else if (el.startsWith("k:")) {
      const k = JSON.parse(el.slice(2)) as Obj;
      s += `[${Object.entries(k).map(([a, b]) => `${a}=${JSON.stringify(b)}`).join(",")}]`;
    } else if (el.startsWith("v:")) s += `[=${el.slice(2)}]`;
  }
  return s;
}

/** True when `path` is `prefix` or lies under it. */
export function within(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((el, i) => path[i] === el);
}

/** Removes the field at `path` from an object, in place (a `k:` item followed by `.` goes whole). */
export function removePath(obj: unknown, path: FieldPath): void {
  let cur: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    const el = path[i]!;
    const last = i === path.length - 1 || path[i + 1] === ".";
    if (el.startsWith("f:") && isObj(cur)) {
      const key = el.slice(2);
      if (last) return void delete cur[key];
      cur = cur[key];
    } else if (el.startsWith("k:") && Array.isArray(cur)) {
      const want = JSON.parse(el.slice(2)) as Obj;
      const field = path[i - 1]?.slice(2) ?? "";
      const idx = cur.findIndex((item) =>
        isObj(item) &&
        Object.entries(want).every(([k, v]) =>
          (item[k] ?? (field === "ports" && k === "protocol" ? "TCP" : undefined)) === v
        )
      );
      if (idx < 0) return;
      if (last) return void cur.splice(idx, 1);
      cur = cur[idx];
    } else if (el.startsWith("v:") && Array.isArray(cur)) {
      const v = JSON.parse(el.slice(2));
      const idx = cur.findIndex((x) => JSON.stringify(x) === JSON.stringify(v));
      if (idx >= 0) cur.splice(idx, 1);
      return;
    } else return;
  }
}
