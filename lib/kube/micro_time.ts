/**
 * Kubernetes time formats. `MicroTime` fields (Lease `acquireTime`/`renewTime`, events.k8s.io
 * `eventTime`, `series.lastObservedTime`) need exactly six fractional digits: Go clients reject
 * `Date.toISOString()`'s three. Plain `Time` fields are RFC 3339 seconds.
 *
 * @module
 */

/**
 * Formats milliseconds since the epoch as a `MicroTime`.
 *
 * @example
 * ```ts
 * microTime(Date.UTC(2025, 0, 2, 3, 4, 5, 123)); // "2025-01-02T03:04:05.123000Z"
 * ```
 */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/**
 * Formats milliseconds since the epoch as a `Time` (RFC 3339, whole seconds).
 *
 * @example
 * ```ts
 * rfc3339(Date.UTC(2025, 0, 2, 3, 4, 5, 999)); // "2025-01-02T03:04:05Z"
 * ```
 */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
