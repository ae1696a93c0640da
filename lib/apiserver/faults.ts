/**
 * Fault injection for reliability tests and the sandbox: watches dropped after N events or T seconds,
 * a fraction of writes answered 409 Conflict or 500 InternalError (with `Retry-After`, which client-go
 * needs to retry transparently: reference §7), added latency, history compaction (forcing 410), and
 * restart (every connection dropped, the store kept).
 *
 * @module
 */

/** What the server injects. Every field is off (0) by default. */
export interface FaultSettings {
  /** Close every watch after this many events (0: never). @default 0 */
  watchMaxEvents: number;
  /** Close every watch after this many seconds (0: never). @default 0 */
  watchMaxSeconds: number;
  /** Fraction (0–1) of writes answered 409 Conflict. @default 0 */
  conflictRate: number;
  /** Fraction (0–1) of writes answered 500 InternalError. @default 0 */
  errorRate: number;
  /** `Retry-After` seconds on injected 500s; 0 sends no header (client-go then does not retry). @default 1 */
  retryAfterSeconds: number;
  /** Milliseconds added before every request is answered. @default 0 */
  latencyMs: number;
  /** Source of randomness for the rates (inject a seeded one in tests). @default Math.random */
  random: () => number;
}

/** The defaults: no faults. */
export function defaultFaults(): FaultSettings {
  return {
    watchMaxEvents: 0,
    watchMaxSeconds: 0,
    conflictRate: 0,
    errorRate: 0,
    retryAfterSeconds: 1,
    latencyMs: 0,
    random: Math.random,
  };
}

/** Run-time control of faults. */
export interface Faults {
  /** The settings in force. */
  readonly settings: Readonly<FaultSettings>;
  /** Changes some settings; applies to requests and watches that start afterwards. */
  set(changes: Partial<FaultSettings>): void;
  /** Back to no faults. */
  reset(): void;
  /** Forgets watch history and list snapshots: resuming from any older resourceVersion gets 410. */
  compact(): void;
  /** Closes every open watch now (clients see a clean end of stream). */
  dropWatches(): void;
  /** Number of writes answered with an injected fault so far. */
  readonly injected: number;
}

/** The fault chosen for one write, if any. */
export type InjectedFault = "conflict" | "error" | undefined;

/** Draws the fault for one write according to the rates. */
export function drawWriteFault(s: FaultSettings): InjectedFault {
  if (s.conflictRate <= 0 && s.errorRate <= 0) return undefined;
  const r = s.random();
  if (r < s.conflictRate) return "conflict";
  if (r < s.conflictRate + s.errorRate) return "error";
  return undefined;
}
