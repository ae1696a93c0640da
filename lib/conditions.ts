/**
 * Status conditions as Gateway API wants them (reference §2): merged by `type` into what is already
 * there, `observedGeneration` on every condition we write, `lastTransitionTime` kept while the status
 * does not change, conditions of other types left untouched and in place.
 *
 * @module
 */
import type { Condition } from "./types/mod.ts";

/** A condition before it gets its generation and time. */
export interface ConditionSpec {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
}

/**
 * RFC 3339 time with whole seconds, as `metav1.Time` serialises.
 *
 * @example
 * ```ts
 * formatTime(Date.UTC(2026, 0, 2, 3, 4, 5, 600)); // "2026-01-02T03:04:05Z"
 * ```
 */
export function formatTime(now: number | Date): string {
  const ms = typeof now === "number" ? now : now.getTime();
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Options for {@link mergeConditions}. */
export interface MergeOptions {
  /** The object's `metadata.generation`. */
  generation: number;
  /** The time to stamp on conditions whose status changes. */
  now: string;
  /**
   * Condition types this controller owns on this object: those not in `desired` are removed.
   * @default the types in `desired`
   */
  owned?: readonly string[];
}

/**
 * Merges `desired` into `existing`: a condition of the same type is replaced in place (keeping its
 * `lastTransitionTime` when the status is unchanged), a new type is appended, an owned type that is no
 * longer desired is removed, and every other condition stays where it was. An existing condition with
 * an `observedGeneration` newer than `generation` is kept: a newer writer already decided.
 *
 * @example
 * ```ts
 * mergeConditions(
 *   [{ type: "Accepted", status: "Unknown", reason: "Pending", message: "Waiting for controller",
 *      lastTransitionTime: "1970-01-01T00:00:00Z" }],
 *   [{ type: "Accepted", status: "True", reason: "Accepted", message: "Accepted" }],
 *   { generation: 1, now: "2026-01-01T00:00:00Z" },
 * ); // one Accepted condition, True, observedGeneration 1, lastTransitionTime 2026-01-01T00:00:00Z
 * ```
 */
export function mergeConditions(
  existing: readonly Condition[] | undefined,
  desired: readonly ConditionSpec[],
  options: MergeOptions,
): Condition[] {
  const owned = new Set(options.owned ?? desired.map((c) => c.type));
  const wanted = new Map(desired.map((c) => [c.type, c]));
  const out: Condition[] = [];
  const placed = new Set<string>();
  for (const current of existing ?? []) {
    const next = wanted.get(current.type);
    if (!next) {
      if (!owned.has(current.type)) out.push(current);
      continue;
    }
    if (placed.has(current.type)) continue;
    placed.add(current.type);
    if ((current.observedGeneration ?? 0) > options.generation) {
      out.push(current);
      continue;
    }
    out.push(stamp(next, options, current.status === next.status ? current : undefined));
  }
  for (const next of desired) {
    if (!placed.has(next.type)) out.push(stamp(next, options, undefined));
  }
  return out;
}

function stamp(spec: ConditionSpec, options: MergeOptions, previous?: Condition): Condition {
  return {
    type: spec.type,
    status: spec.status,
    observedGeneration: options.generation,
    lastTransitionTime: previous?.lastTransitionTime ?? options.now,
    reason: spec.reason,
    message: spec.message,
  };
}

/** Shorthand for a True condition. */
export function isTrue(type: string, reason: string, message: string): ConditionSpec {
  return { type, status: "True", reason, message };
}

/** Shorthand for a False condition. */
export function isFalse(type: string, reason: string, message: string): ConditionSpec {
  return { type, status: "False", reason, message };
}

/** The `status` of the condition of `type`, if present. */
export function conditionStatus(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition["status"] | undefined {
  return conditions?.find((c) => c.type === type)?.status;
}
