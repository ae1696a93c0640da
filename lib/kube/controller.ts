/**
 * The controller runner: N workers take keys from a {@link WorkQueue} and call `reconcile(key, signal)`,
 * with controller-runtime's contract (`pkg/internal/controller`):
 *
 * - workers start only after every cache the controller reads has synced;
 * - `reconcile` returns nothing (done), `{ requeueAfter: ms }` (a known wait), or `{ requeue: true }`
 *   (retry with backoff); it throws a transient error (retried with per-key backoff) or a
 *   {@link TerminalError} (logged and counted, not retried until the key is added again);
 * - an exception never escapes a worker, so one bad object cannot stop the process;
 * - `stop()` stops taking keys and waits for in-flight reconciles (their signal aborts only when the
 *   grace period runs out).
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { type Logger, silentLogger } from "../log.ts";
import { type ControllerMetrics, type Metrics, noMetrics } from "../metrics.ts";
import type { RateLimiter } from "./rate_limiter.ts";
import { WorkQueue } from "./workqueue.ts";

/** What a reconcile asks for next. Returning nothing means "done, until something changes". */
export interface ReconcileResult {
  /** Process the key again after this many milliseconds (its backoff is reset). */
  requeueAfter?: number;
  /** Process the key again after its backoff. */
  requeue?: boolean;
}

/** Reconciles the object named by `key` (`namespace/name`, or `name` when cluster-scoped). */
export type Reconciler = (
  key: string,
  signal: AbortSignal,
) => Promise<ReconcileResult | void> | ReconcileResult | void;

/**
 * A failure that retrying cannot fix (bad input that is already reported in a status condition or an
 * Event). The runner logs and counts it and does not retry the key.
 *
 * @example
 * ```ts
 * throw new TerminalError(`Gateway ${key} names unknown class "${cls}"`);
 * ```
 */
export class TerminalError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TerminalError";
  }
}

/** Something the controller waits on before its workers start (an informer). */
export interface SyncSource {
  /** Resolves once the initial list is in the cache; rejects when `signal` aborts. */
  whenSynced(signal?: AbortSignal): Promise<void>;
}

/** Options for {@link Controller}. */
export interface ControllerOptions {
  /** Name, used in logs and metric labels (e.g. `gateway`). */
  name: string;
  /** The reconcile function. */
  reconcile: Reconciler;
  /** Concurrent workers; keys are still never processed twice at once. @default 1 */
  workers?: number;
  /** Caches to wait for before starting workers. @default [] */
  waitFor?: readonly SyncSource[];
  /** Metric registry (controller-runtime names). @default none */
  metrics?: Metrics;
  /** Logger. @default silentLogger */
  logger?: Logger;
  /** Time source. @default systemClock */
  clock?: Clock;
  /** Retry backoff. @default defaultControllerRateLimiter */
  rateLimiter?: RateLimiter;
}

/**
 * A named controller: a work queue and its workers.
 *
 * @example
 * ```ts
 * const c = new Controller({ name: "gateway", workers: 2, waitFor: [gateways], reconcile });
 * gateways.addHandler({ onAdd: (o) => c.enqueue(objectKey(o)), … });
 * await c.start(); // returns once workers run
 * await c.stop();
 * ```
 */
export class Controller {
  /** The controller's name. */
  readonly name: string;
  /** The work queue (handlers add keys through {@link Controller.enqueue}). */
  readonly queue: WorkQueue;
  readonly #options: ControllerOptions;
  readonly #metrics: ControllerMetrics;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #hardStop = new AbortController();
  #workers: Promise<void>[] = [];
  #active = 0;
  #started = false;

  /** @throws {RangeError} when `workers` is not a positive integer. */
  constructor(options: ControllerOptions) {
    const workers = options.workers ?? 1;
    if (!Number.isInteger(workers) || workers < 1) {
      throw new RangeError(
        `Cannot start controller "${options.name}" with ${workers} workers: use a positive integer`,
      );
    }
    this.name = options.name;
    this.#options = { ...options, workers };
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).with({ controller: options.name });
    this.#metrics = options.metrics?.controller(options.name) ?? noMetrics.controller;
    this.queue = new WorkQueue({
      clock: this.#clock,
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
      ...(options.metrics ? { metrics: options.metrics.workQueue(options.name) } : {}),
    });
    this.#metrics.workers(workers, 0);
  }

  /** Queues `key` for reconciliation (de-duplicated). */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Queues `key` after `ms` milliseconds. */
  enqueueAfter(key: string, ms: number): void {
    this.queue.addAfter(key, ms);
  }

  /**
   * Waits for the caches, then starts the workers. Resolves once they run (or at once if `signal`
   * aborts while waiting, which also stops the controller).
   */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    try {
      await Promise.all((this.#options.waitFor ?? []).map((s) => s.whenSynced(signal)));
    } catch (error) {
      if (signal?.aborted) {
        await this.stop();
        return;
      }
      throw error;
    }
    this.#log.info("starting workers", { workers: this.#options.workers });
    for (let i = 0; i < this.#options.workers!; i++) this.#workers.push(this.#work());
  }

  /**
   * Stops taking keys and waits for in-flight reconciles. After `graceMs` their signal aborts.
   *
   * @param graceMs how long in-flight reconciles may take before being told to abort. @default 30_000
   */
  async stop(graceMs = 30_000): Promise<void> {
    const cancel = this.#clock.setTimer(graceMs, () => this.#hardStop.abort());
    await this.queue.shutDown();
    await Promise.all(this.#workers);
    cancel();
    this.#log.info("stopped");
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      this.#metrics.workers(this.#options.workers!, ++this.#active);
      try {
        await this.#reconcile(key);
      } finally {
        this.#metrics.workers(this.#options.workers!, --this.#active);
        this.queue.done(key);
      }
    }
  }

  async #reconcile(key: string): Promise<void> {
    const started = this.#clock.now();
    const seconds = () => (this.#clock.now() - started) / 1000;
    try {
      const result = (await this.#options.reconcile(key, this.#hardStop.signal)) ?? {};
      if (result.requeueAfter !== undefined && result.requeueAfter > 0) {
        this.queue.forget(key);
        this.queue.addAfter(key, result.requeueAfter);
        this.#metrics.reconciled("requeue_after", seconds());
      } else if (result.requeue) {
        this.queue.addRateLimited(key);
        this.#metrics.reconciled("requeue", seconds());
      } else {
        this.queue.forget(key);
        this.#metrics.reconciled("success", seconds());
      }
    } catch (error) {
      const terminal = error instanceof TerminalError;
      this.#metrics.reconciled("error", seconds());
      this.#metrics.failed(terminal);
      if (terminal) {
        this.queue.forget(key);
        this.#log.error("reconcile failed permanently; not retrying", { key, error });
      } else {
        this.queue.addRateLimited(key);
        this.#log.warn("reconcile failed; retrying with backoff", {
          key,
          error,
          retries: this.queue.numRequeues(key),
        });
      }
    }
  }
}
