/**
 * "Did anything change?" for writers (pure). A desired object states only the fields the controller
 * owns; the server adds defaults (`sessionAffinity`, `ipFamilies`, `targetPort`, CRD defaults…),
 * allocations (`clusterIP`, `nodePort`) and bookkeeping (`resourceVersion`, `uid`, `managedFields`,
 * `status`). So the actual object is up to date when every field the desired object sets has the same
 * value there ({@link isSubset}): arrays must have the same length with matching elements, objects
 * may carry extra fields, except maps listed as exact (a Service selector with an extra key selects
 * different Pods), and labels/annotations we do not set are left to their owners.
 *
 * @module
 */

/** Paths (dot-separated, from the object root) whose maps must match exactly, not as a subset. */
export const DEFAULT_EXACT_PATHS: readonly string[] = ["spec.selector", "data", "binaryData"];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function equalExact(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => equalExact(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => equalExact(a[k], b[k]));
  }
  return false;
}

/**
 * Deep equality that treats absent and `undefined` fields alike (for status comparisons).
 *
 * @example
 * ```ts
 * deepEqual({ a: 1, b: undefined }, { a: 1 }); // true
 * ```
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  return equalExact(a, b);
}

/**
 * True when every field `desired` sets has the same value in `actual`.
 *
 * @example
 * ```ts
 * isSubset(
 *   { spec: { ports: [{ port: 80, protocol: "TCP" }] } },
 *   { spec: { ports: [{ port: 80, protocol: "TCP", nodePort: 31234 }], clusterIP: "10.96.0.7" } },
 * ); // true: the server's allocations do not count as a difference
 * ```
 */
export function isSubset(
  desired: unknown,
  actual: unknown,
  exactPaths: readonly string[] = DEFAULT_EXACT_PATHS,
  path = "",
): boolean {
  if (desired === undefined) return true;
  if (exactPaths.includes(path)) return equalExact(desired, actual);
  if (Array.isArray(desired)) {
    return Array.isArray(actual) && desired.length === actual.length &&
      desired.every((v, i) => isSubset(v, actual[i], exactPaths, `${path}[]`));
  }
  if (isPlainObject(desired)) {
    if (!isPlainObject(actual)) return Object.values(desired).every((v) => v === undefined);
    return Object.entries(desired).every(([k, v]) =>
      isSubset(v, actual[k], exactPaths, path ? `${path}.${k}` : k)
    );
  }
  return desired === actual;
}

/** Metadata fields a writer owns; everything else in `metadata` belongs to the server. */
const OWNED_METADATA = ["labels", "annotations", "ownerReferences", "finalizers"] as const;

/** Top-level fields that are never part of a desired state. */
const NOT_DESIRED = new Set(["apiVersion", "kind", "metadata", "status"]);

/**
 * True when `actual` must be updated to reach `desired`: a label, annotation, owner reference or
 * finalizer that `desired` sets differs, or any other top-level field (`spec`, `data`, `endpoints`…)
 * is not a subset of the actual one. Server-managed and defaulted fields are ignored.
 */
export function needsUpdate(
  desired: { metadata?: Record<string, unknown> } & Record<string, unknown>,
  actual: { metadata?: Record<string, unknown> } & Record<string, unknown>,
  exactPaths: readonly string[] = DEFAULT_EXACT_PATHS,
): boolean {
  const dm = desired.metadata ?? {};
  const am = actual.metadata ?? {};
  for (const field of OWNED_METADATA) {
    if (!isSubset(dm[field], am[field], [], `metadata.${field}`)) return true;
  }
  for (const [key, value] of Object.entries(desired)) {
    if (NOT_DESIRED.has(key)) continue;
    if (!isSubset(value, actual[key], exactPaths, key)) return true;
  }
  return false;
}

/**
 * The body of an update: `actual` (with its resourceVersion, server fields and status) with the
 * desired top-level fields replacing the actual ones, and desired labels/annotations merged over the
 * actual ones (others' keys are kept). Allocated Service fields left out are kept by the server.
 */
export function mergeForUpdate<T extends { metadata: object }>(desired: T, actual: T): T {
  const body = structuredClone(actual) as unknown as Record<string, unknown>;
  const dm = desired.metadata as Record<string, unknown>;
  const bm = body.metadata as Record<string, unknown>;
  for (const field of ["labels", "annotations"] as const) {
    if (dm[field]) bm[field] = { ...(bm[field] as object ?? {}), ...(dm[field] as object) };
  }
  for (const field of ["ownerReferences", "finalizers"] as const) {
    if (dm[field]) bm[field] = structuredClone(dm[field]);
  }
  for (const [key, value] of Object.entries(desired)) {
    if (!NOT_DESIRED.has(key)) body[key] = structuredClone(value);
  }
  return body as unknown as T;
}
