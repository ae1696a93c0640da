/**
 * The keyed work queue of a controller, with client-go's guarantees (`util/workqueue`):
 *
 * - a key waiting in the queue is held once, however often it is added (de-duplication);
 * - a key is handed to one worker at a time; added again while in flight, it is queued again when
 *   that worker calls {@link WorkQueue.done}, so the newest state is always processed after;
 * - keys come out in the order they were first added (FIFO);
 * - {@link WorkQueue.addAfter} delays a key, {@link WorkQueue.addRateLimited} delays it by its
 *   rate limiter's backoff, {@link WorkQueue.forget} resets that backoff;
 * - {@link WorkQueue.shutDown} wakes idle workers and can wait for in-flight keys to be done.
 *
 * Written by hand: it is the heart of the reconcile contract and must use the injected clock and the
 * controller-runtime metric hooks; no npm queue has these semantics.
 *
 * @module
 */
import { type CancelTimer, type Clock, systemClock } from "../clock.ts";
import { noMetrics, type WorkQueueMetrics } from "../metrics.ts";
import { defaultControllerRateLimiter, type RateLimiter } from "./rate_limiter.ts";

/** Options for {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** Time source for delays and latency metrics. @default systemClock */
  clock?: Clock;
  /** Backoff for {@link WorkQueue.addRateLimited}. @default defaultControllerRateLimiter(clock) */
  rateLimiter?: RateLimiter;
  /** Metric hooks (e.g. `metrics.workQueue("gateway")`). @default no metrics */
  metrics?: WorkQueueMetrics;
}

/**
 * A de-duplicating, rate-limited, delaying FIFO of string keys.
 *
 * @example
 * ```ts
 * const queue = new WorkQueue();
 * queue.add("default/gw");
 * const key = await queue.get(); // "default/gw"
 * try { await reconcile(key); queue.forget(key); } catch { queue.addRateLimited(key); }
 * finally { queue.done(key); }
 * ```
 */
export class WorkQueue {
  readonly #clock: Clock;
  readonly #limiter: RateLimiter;
  readonly #metrics: WorkQueueMetrics;
  #queue: string[] = [];
  #head = 0;
  readonly #dirty = new Set<string>();
  readonly #processing = new Map<string, number>();
  readonly #addedAt = new Map<string, number>();
  readonly #waiting = new Map<string, { at: number; cancel: CancelTimer }>();
  #getters: ((key: string | undefined) => void)[] = [];
  #drained: (() => void)[] = [];
  #shuttingDown = false;

  constructor(options: WorkQueueOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#limiter = options.rateLimiter ?? defaultControllerRateLimiter(this.#clock);
    this.#metrics = options.metrics ?? noMetrics.workQueue;
    this.#metrics.inFlight(() => {
      const now = this.#clock.now();
      return [...this.#processing.values()].map((start) => (now - start) / 1000);
    });
  }

  /** Keys waiting to be processed (not counting delayed or in-flight ones). */
  get length(): number {
    return this.#queue.length - this.#head;
  }

  /** Keys being processed right now. */
  get inFlight(): number {
    return this.#processing.size;
  }

  /** Keys waiting for their delay to pass. */
  get delayed(): number {
    return this.#waiting.size;
  }

  /** True once {@link WorkQueue.shutDown} was called. */
  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Queues `key` unless it is already queued. Ignored after shutdown. */
  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#metrics.added();
    this.#dirty.add(key);
    this.#addedAt.set(key, this.#clock.now());
    if (this.#processing.has(key)) return;
    this.#push(key);
  }

  /**
   * Queues `key` after `ms` milliseconds. When the key already waits, the earlier time wins.
   */
  addAfter(key: string, ms: number): void {
    if (this.#shuttingDown) return;
    if (!(ms > 0)) {
      this.add(key);
      return;
    }
    const at = this.#clock.now() + ms;
    const existing = this.#waiting.get(key);
    if (existing && existing.at <= at) return;
    existing?.cancel();
    const cancel = this.#clock.setTimer(ms, () => {
      this.#waiting.delete(key);
      this.add(key);
    });
    this.#waiting.set(key, { at, cancel });
  }

  /** Queues `key` after its rate limiter's backoff (a retry). */
  addRateLimited(key: string): void {
    if (this.#shuttingDown) return;
    this.#metrics.retried();
    this.addAfter(key, this.#limiter.when(key));
  }

  /** Resets `key`'s backoff (call after it was processed successfully). */
  forget(key: string): void {
    this.#limiter.forget(key);
  }

  /** How many times `key` was retried since it was last forgotten. */
  numRequeues(key: string): number {
    return this.#limiter.numRequeues(key);
  }

  /**
   * The next key, marked in flight until {@link WorkQueue.done}; waits while the queue is empty.
   * Resolves `undefined` once the queue shuts down (and is empty, when draining).
   */
  get(): Promise<string | undefined> {
    const key = this.#take();
    if (key !== undefined || this.#shuttingDown) return Promise.resolve(key);
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  /** Marks `key` processed; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    const start = this.#processing.get(key);
    if (start === undefined) return;
    this.#processing.delete(key);
    this.#metrics.worked((this.#clock.now() - start) / 1000);
    if (this.#dirty.has(key) && !this.#shuttingDown) this.#push(key);
    if (this.#processing.size === 0) {
      for (const resolve of this.#drained.splice(0)) resolve();
    }
  }

  /**
   * Stops the queue: no new keys are accepted, delayed keys are dropped, idle workers get
   * `undefined`. The returned promise resolves when every in-flight key is done (the drain).
   */
  shutDown(): Promise<void> {
    this.#shuttingDown = true;
    for (const { cancel } of this.#waiting.values()) cancel();
    this.#waiting.clear();
    this.#queue = [];
    this.#head = 0;
    this.#metrics.depth(0);
    for (const resolve of this.#getters.splice(0)) resolve(undefined);
    if (this.#processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  #push(key: string): void {
    const getter = this.#getters.shift();
    if (getter) {
      this.#queue.push(key);
      getter(this.#take());
      return;
    }
    this.#queue.push(key);
    this.#metrics.depth(this.length);
  }

  #take(): string | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const key = this.#queue[this.#head++]!;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    const now = this.#clock.now();
    this.#processing.set(key, now);
    this.#dirty.delete(key);
    const added = this.#addedAt.get(key);
    this.#addedAt.delete(key);
    if (added !== undefined) this.#metrics.queued((now - added) / 1000);
    this.#metrics.depth(this.length);
    return key;
  }
}
