/**
 * Rate limiters for the work queue, with client-go's semantics (`util/workqueue/default_rate_limiters.go`):
 * a per-item exponential backoff, an overall token bucket, and the maximum of several. controller-runtime's
 * default is {@link defaultControllerRateLimiter}: per item 5 ms doubling to 1000 s, overall 10 per second
 * with a burst of 100.
 *
 * Written by hand: the npm rate limiters schedule work themselves, while the queue needs only "how long
 * should this item wait", computed from an injected clock.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";

/** Decides how long an item waits before it is retried. */
export interface RateLimiter {
  /** The delay in milliseconds before `item` may be processed again; counts a failure. */
  when(item: string): number;
  /** Forgets `item`'s failures (after it succeeded). */
  forget(item: string): void;
  /** How many times `item` has been rate-limited since it was last forgotten. */
  numRequeues(item: string): number;
}

/** Options for {@link ItemExponentialRateLimiter}. */
export interface ItemExponentialOptions {
  /** Delay after the first failure, in ms. @default 5 */
  baseDelay?: number;
  /** Longest delay, in ms. @default 1_000_000 (1000 s) */
  maxDelay?: number;
}

/** Per-item exponential backoff: `baseDelay * 2^failures`, capped at `maxDelay`. */
export class ItemExponentialRateLimiter implements RateLimiter {
  readonly #failures = new Map<string, number>();
  readonly #base: number;
  readonly #max: number;

  /** @throws {RangeError} when a delay is negative or the base exceeds the maximum. */
  constructor(options: ItemExponentialOptions = {}) {
    const { baseDelay = 5, maxDelay = 1_000_000 } = options;
    if (!(baseDelay >= 0) || !(maxDelay >= baseDelay)) {
      throw new RangeError(
        `Cannot build a backoff with baseDelay ${baseDelay} ms and maxDelay ${maxDelay} ms: both must be >= 0 and baseDelay <= maxDelay`,
      );
    }
    this.#base = baseDelay;
    this.#max = maxDelay;
  }

  when(item: string): number {
    const exp = this.#failures.get(item) ?? 0;
    this.#failures.set(item, exp + 1);
    return Math.min(this.#max, this.#base * 2 ** exp);
  }

  forget(item: string): void {
    this.#failures.delete(item);
  }

  numRequeues(item: string): number {
    return this.#failures.get(item) ?? 0;
  }
}

/** Options for {@link BucketRateLimiter}. */
export interface BucketOptions {
  /** Tokens added per second. @default 10 */
  qps?: number;
  /** Bucket size. @default 100 */
  burst?: number;
  /** Time source. @default systemClock */
  clock?: Clock;
}

/**
 * An overall token bucket (golang.org/x/time/rate semantics): each `when` takes a token, and the
 * delay is how long until that token exists. Items are not tracked.
 */
export class BucketRateLimiter implements RateLimiter {
  readonly #qps: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #last: number;

  /** @throws {RangeError} when `qps` or `burst` is not positive. */
  constructor(options: BucketOptions = {}) {
    const { qps = 10, burst = 100, clock = systemClock } = options;
    if (!(qps > 0) || !(burst >= 1)) {
      throw new RangeError(
        `Cannot build a token bucket with qps ${qps} and burst ${burst}: qps must be > 0 and burst >= 1`,
      );
    }
    this.#qps = qps;
    this.#burst = burst;
    this.#clock = clock;
    this.#tokens = burst;
    this.#last = clock.now();
  }

  when(_item: string): number {
    const now = this.#clock.now();
    const elapsed = Math.max(0, now - this.#last);
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed * this.#qps) / 1000);
    this.#last = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens * 1000) / this.#qps;
  }

  forget(_item: string): void {}

  numRequeues(_item: string): number {
    return 0;
  }

  /** Takes a token if one is available now (never borrows); false means "over the limit". */
  tryAccept(): boolean {
    const now = this.#clock.now();
    this.#tokens = Math.min(
      this.#burst,
      this.#tokens + (Math.max(0, now - this.#last) * this.#qps) / 1000,
    );
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** The longest delay of several limiters (client-go `MaxOfRateLimiter`). */
export class MaxOfRateLimiter implements RateLimiter {
  readonly #limiters: readonly RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.#limiters = limiters;
  }

  when(item: string): number {
    return Math.max(0, ...this.#limiters.map((l) => l.when(item)));
  }

  forget(item: string): void {
    for (const l of this.#limiters) l.forget(item);
  }

  numRequeues(item: string): number {
    return Math.max(0, ...this.#limiters.map((l) => l.numRequeues(item)));
  }
}

/**
 * controller-runtime's default: per-item exponential 5 ms → 1000 s, and overall 10 qps with burst 100.
 *
 * @example
 * ```ts
 * const limiter = defaultControllerRateLimiter();
 * limiter.when("default/gw"); // 5
 * limiter.when("default/gw"); // 10
 * ```
 */
export function defaultControllerRateLimiter(clock: Clock = systemClock): RateLimiter {
  return new MaxOfRateLimiter(
    new ItemExponentialRateLimiter({ baseDelay: 5, maxDelay: 1_000_000 }),
    new BucketRateLimiter({ qps: 10, burst: 100, clock }),
  );
}
