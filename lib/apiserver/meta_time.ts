/**
 * Kubernetes time encodings (reference §0 item 9): `metav1.Time` is RFC 3339 with whole seconds,
 * `metav1.MicroTime` has exactly six fractional digits; Go clients reject anything else.
 *
 * @module
 */

/**
 * Formats milliseconds since the epoch as a `metav1.Time` (`2025-01-02T03:04:05Z`).
 *
 * @example
 * ```ts
 * formatTime(Date.UTC(2025, 0, 2, 3, 4, 5, 678)); // "2025-01-02T03:04:05Z"
 * ```
 */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * Formats milliseconds since the epoch as a `metav1.MicroTime` (`2025-01-02T03:04:05.678000Z`).
 * Sub-millisecond precision is not available from the clock, so the last three digits are 0.
 */
export function formatMicroTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // …05.678Z
  return iso.slice(0, -1) + "000Z";
}

/** Parses an RFC 3339 timestamp (any precision) to milliseconds; NaN when it is not one. */
export function parseTime(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return NaN;
  return Date.parse(text);
}

/**
 * Rewrites a time-like string to the MicroTime form with six fractional digits, keeping the instant;
 * returns the input unchanged when it is not a timestamp (validation reports it).
 */
export function normalizeMicroTime(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return text;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  const frac = (m[2] ?? "").padEnd(6, "0").slice(0, 6);
  return new Date(ms).toISOString().slice(0, 19) + "." + frac + "Z";
}
