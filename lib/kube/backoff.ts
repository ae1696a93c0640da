/**
 * Exponential backoff with jitter, for loops that retry forever (watches, leader election): the delay
 * doubles from `initialMs` up to `maxMs`, each delay is stretched by up to `jitter` × itself at random
 * (so many clients do not retry in step), and it starts over after `resetAfterMs` without failures.
 * client-go's reflector uses 800 ms → 30 s, factor 2, jitter 1, reset after 2 minutes.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";

/** Options for {@link Backoff}. */
export interface BackoffOptions {
  /** First delay, in ms. @default 800 */
  initialMs?: number;
  /** Longest delay before jitter, in ms. @default 30_000 */
  maxMs?: number;
  /** Extra random fraction added to each delay (0 = none). @default 1 */
  jitter?: number;
  /** Quiet time after which the delay starts over, in ms. @default 120_000 */
  resetAfterMs?: number;
  /** Time source. @default systemClock */
  clock?: Clock;
  /** Random source in [0, 1). @default Math.random */
  random?: () => number;
}

/**
 * A backoff sequence.
 *
 * @example
 * ```ts
 * const backoff = new Backoff();
 * for (;;) { try { await once(); backoff.reset(); } catch { await clock.sleep(backoff.next()); } }
 * ```
 */
export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  readonly #jitter: number;
  readonly #resetAfter: number;
  readonly #clock: Clock;
  readonly #random: () => number;
  #current = 0;
  #lastAt = Number.NEGATIVE_INFINITY;

  constructor(options: BackoffOptions = {}) {
    this.#initial = options.initialMs ?? 800;
    this.#max = options.maxMs ?? 30_000;
    this.#jitter = options.jitter ?? 1;
    this.#resetAfter = options.resetAfterMs ?? 120_000;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
  }

  /** The next delay in ms (grows each call). */
  next(): number {
    const now = this.#clock.now();
    if (now - this.#lastAt > this.#resetAfter) this.#current = 0;
    this.#lastAt = now;
    this.#current = this.#current === 0 ? this.#initial : Math.min(this.#max, this.#current * 2);
    return this.#current * (1 + this.#jitter * this.#random());
  }

  /** Starts over at `initialMs`. */
  reset(): void {
    this.#current = 0;
  }
}
