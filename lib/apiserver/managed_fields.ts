/**
 * `metadata.managedFields` (reference §2.5, §3.4): who owns which field. An update (PUT/PATCH) makes
 * its manager own the fields it changed and takes them from the others; a server-side apply makes its
 * manager own exactly the fields of its configuration, conflicts (409) when that changes a field
 * another manager owns unless forced (SSA-3, SSA-4), and removes fields it owned before but no longer
 * applies when nobody else owns them (SSA-6).
 *
 * @module
 */
import { failure } from "./errors.ts";
import {
  displayPath,
  type FieldPath,
  fromFieldsV1,
  leafPaths,
  toFieldsV1,
  within,
} from "./field_paths.ts";
import { jsonEqual } from "./object_util.ts";
import type { KubeObject, Schema } from "./types.ts";

/** A managedFields entry. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: "Update" | "Apply";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** Who writes. */
export interface Writer {
  manager: string;
  operation: "Update" | "Apply";
  apiVersion: string;
  time: string;
  subresource?: string;
}

/** How to read an object's fields: the version's schema (custom resources) and list semantics. */
export interface Shape {
  schema: Schema | undefined;
  custom: boolean;
  /** Status is not written through this endpoint (main resource with a status subresource). */
  skipStatus: boolean;
}

type Leaves = ReturnType<typeof leafPaths>;

function same(e: ManagedFieldsEntry, w: Writer): boolean {
  return e.manager === w.manager && e.operation === w.operation &&
    (e.subresource ?? "") === (w.subresource ?? "");
}

function entry(w: Writer, paths: Iterable<FieldPath>): ManagedFieldsEntry {
  const e: ManagedFieldsEntry = {
    manager: w.manager,
    operation: w.operation,
    apiVersion: w.apiVersion,
    time: w.time,
    fieldsType: "FieldsV1",
    fieldsV1: toFieldsV1(paths),
  };
  if (w.subresource) e.subresource = w.subresource;
  return e;
}

function keyed(paths: FieldPath[]): Map<string, FieldPath> {
  return new Map(paths.map((p) => [JSON.stringify(p), p]));
}

/** Drops `taken` paths (and anything under them) from an entry; undefined when nothing is left. */
function without(e: ManagedFieldsEntry, taken: FieldPath[]): ManagedFieldsEntry | undefined {
  if (taken.length === 0) return e;
  const left = fromFieldsV1(e.fieldsV1).filter((p) =>
    !taken.some((t) => within(p, t) || within(t, p))
  );
  if (left.length === 0) return undefined;
  return { ...e, fieldsV1: toFieldsV1(left) };
}

function changedPaths(before: Leaves, after: Leaves): FieldPath[] {
  const out: FieldPath[] = [];
  for (const [k, v] of after) {
    const b = before.get(k);
    if (!b || !jsonEqual(b.value, v.value)) out.push(v.path);
  }
  for (const [k, v] of before) if (!after.has(k)) out.push(v.path);
  return out;
}

/** The managedFields after an update (`Update` operation) changed `before` into `after`. */
export function recordUpdate(
  entries: readonly ManagedFieldsEntry[],
  before: KubeObject | undefined,
  after: KubeObject,
  w: Writer,
  shape: Shape,
): ManagedFieldsEntry[] {
  const b = leafPaths(before, shape.schema, shape.custom, shape.skipStatus);
  const a = leafPaths(after, shape.schema, shape.custom, shape.skipStatus);
  const changed = changedPaths(b, a);
  if (changed.length === 0) return [...entries];
  const gained = changed.filter((p) => a.has(JSON.stringify(p)));
  const out: ManagedFieldsEntry[] = [];
  let mine: FieldPath[] = [];
  for (const e of entries) {
    if (same(e, w)) mine = fromFieldsV1(e.fieldsV1);
    else {
      const kept = without(e, changed);
      if (kept) out.push(kept);
    }
  }
  const owned = keyed([...mine.filter((p) => a.has(JSON.stringify(p))), ...gained]);
  if (owned.size) out.push(entry(w, owned.values()));
  return out;
}

/** The outcome of an apply's ownership check. */
export interface ApplyOwnership {
  entries: ManagedFieldsEntry[];
  /** Fields the applier dropped from its configuration and nobody else owns: remove them. */
  remove: FieldPath[];
}

/**
 * Ownership after `w` applies `applied` over `live` (SSA-1, SSA-3, SSA-4, SSA-6).
 *
 * @throws {ApiError} 409 Conflict listing each conflicting field when not forced.
 */
export function recordApply(
  entries: readonly ManagedFieldsEntry[],
  live: KubeObject | undefined,
  applied: KubeObject,
  w: Writer,
  shape: Shape,
  force: boolean,
): ApplyOwnership {
  const a = leafPaths(applied, shape.schema, shape.custom, shape.skipStatus);
  const l = leafPaths(live, shape.schema, shape.custom, shape.skipStatus);
  const conflicts: { manager: string; path: FieldPath }[] = [];
  let previous: FieldPath[] = [];
  for (const e of entries) {
    if (same(e, w)) {
      previous = fromFieldsV1(e.fieldsV1);
      continue;
    }
    const who = `"${e.manager}" using ${e.apiVersion}`;
    for (const p of fromFieldsV1(e.fieldsV1)) {
      const mineNow = a.get(JSON.stringify(p));
      const current = l.get(JSON.stringify(p));
      if (mineNow && (!current || !jsonEqual(current.value, mineNow.value))) {
        conflicts.push({ manager: who, path: p });
      }
    }
  }
  if (conflicts.length && !force) throw conflictError(conflicts);
  const taken = conflicts.map((c) => c.path);
  const others = entries.filter((e) => !same(e, w)).map((e) => without(e, taken)).filter(
    (e): e is ManagedFieldsEntry => e !== undefined,
  );
  const ownedByOthers = others.flatMap((e) => fromFieldsV1(e.fieldsV1));
  const remove = previous.filter((p) =>
    !a.has(JSON.stringify(p)) && !ownedByOthers.some((o) => within(o, p) || within(p, o))
  );
  const out = [...others];
  if (a.size) out.push(entry(w, [...a.values()].map((v) => v.path)));
  return { entries: out, remove };
}

function conflictError(conflicts: { manager: string; path: FieldPath }[]) {
  const n = conflicts.length;
  let text: string;
  if (n === 1) {
    text = `conflict with ${conflicts[0]!.manager}: ${displayPath(conflicts[0]!.path)}`;
  } else {
    const by = new Map<string, string[]>();
    for (const c of conflicts) {
      by.set(c.manager, [...(by.get(c.manager) ?? []), displayPath(c.path)]);
    }
    text = [...by.keys()].sort().flatMap((
      m,
    ) => [`conflicts with ${m}:`, ...by.get(m)!.map((p) => `- ${p}`)])
      .join("\n");
  }
  return failure(409, "Conflict", `Apply failed with ${n} conflict${n === 1 ? "" : "s"}: ${text}`, {
    causes: conflicts.map((c) => ({
      reason: "FieldManagerConflict",
      message: `conflict with ${c.manager}`,
      field: displayPath(c.path),
    })),
  });
}

/** The manager name for a request: `fieldManager`, else the User-Agent up to its first `/`. */
export function managerName(
  fieldManager: string | undefined,
  userAgent: string | undefined,
): string {
  if (fieldManager) return fieldManager;
  const ua = (userAgent ?? "").split("/")[0]?.trim();
  return ua || "unknown";
}
