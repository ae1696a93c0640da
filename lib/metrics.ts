/**
 * Prometheus metrics of the controller process, named exactly as controller-runtime and client-go name
 * them, so the dashboards and alerts operators already have for Go controllers work unchanged.
 *
 * One registry per {@link Metrics}; the process uses the shared {@link metrics}. The work queue, the
 * controller runner and leader election call the small hook interfaces below, so they can be tested
 * with a fresh `Metrics` (or with no metrics at all) without touching the process registry.
 *
 * Built on prom-client (the Prometheus client for JavaScript); nothing here is hand-rolled but the names.
 *
 * @module
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** Hooks a work queue calls (client-go `workqueue` metrics). All durations are in seconds. */
export interface WorkQueueMetrics {
  /** An item was added (`workqueue_adds_total`). */
  added(): void;
  /** The number of queued items changed (`workqueue_depth`). */
  depth(items: number): void;
  /** An item waited this long between add and get (`workqueue_queue_duration_seconds`). */
  queued(seconds: number): void;
  /** An item was processed for this long (`workqueue_work_duration_seconds`). */
  worked(seconds: number): void;
  /** An item was re-added with rate limiting (`workqueue_retries_total`). */
  retried(): void;
  /**
   * Registers a reader of the in-flight items' ages, read at scrape time
   * (`workqueue_unfinished_work_seconds`, `workqueue_longest_running_processor_seconds`).
   */
  inFlight(read: () => readonly number[]): void;
}

/** Result label values of `controller_runtime_reconcile_total`, as controller-runtime uses them. */
export type ReconcileResult = "success" | "error" | "requeue" | "requeue_after";

/** Hooks a controller runner calls (controller-runtime `internal/controller/metrics`). */
export interface ControllerMetrics {
  /** One reconcile finished with this result, taking `seconds`. */
  reconciled(result: ReconcileResult, seconds: number): void;
  /** A reconcile failed; `terminal` for a {@link TerminalError}-style failure that is not retried. */
  failed(terminal: boolean): void;
  /** Worker count configured and currently busy. */
  workers(max: number, active: number): void;
}

/** Hook leader election calls (`leader_election_master_status`). */
export interface LeaderElectionMetrics {
  /** Whether this process currently leads. */
  leading(isLeader: boolean): void;
}

/** Buckets of `controller_runtime_reconcile_time_seconds` (controller-runtime's own list). */
const RECONCILE_BUCKETS = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.15,
  0.2,
  0.25,
  0.3,
  0.35,
  0.4,
  0.45,
  0.5,
  0.6,
  0.7,
  0.8,
  0.9,
  1.0,
  1.25,
  1.5,
  1.75,
  2.0,
  2.5,
  3.0,
  3.5,
  4.0,
  4.5,
  5,
  6,
  7,
  8,
  9,
  10,
  15,
  20,
  25,
  30,
  40,
  50,
  60,
];

/** client-go's work queue buckets: `ExponentialBuckets(10e-9, 10, 10)`, 10 ns to 10 s. */
const QUEUE_BUCKETS = Array.from({ length: 10 }, (_, i) => 1e-8 * 10 ** i);

/**
 * A Prometheus registry holding the controller-runtime metric families, with factories for the hooks
 * each component calls.
 *
 * @example
 * ```ts
 * const m = new Metrics();
 * const q = m.workQueue("gateway");
 * q.added();
 * console.log(await m.render()); // …workqueue_adds_total{name="gateway",controller="gateway"} 1…
 * ```
 */
export class Metrics {
  /** The prom-client registry; add project metrics (e.g. IPAM pool figures) to it. */
  readonly registry: Registry = new Registry();
  readonly #readers = new Map<string, () => readonly number[]>();

  readonly #reconcileTotal = this.#counter(
    "controller_runtime_reconcile_total",
    "Total number of reconciliations per controller",
    ["controller", "result"],
  );
  readonly #reconcileErrors = this.#counter(
    "controller_runtime_reconcile_errors_total",
    "Total number of reconciliation errors per controller",
    ["controller"],
  );
  readonly #terminalErrors = this.#counter(
    "controller_runtime_terminal_reconcile_errors_total",
    "Total number of terminal reconciliation errors per controller",
    ["controller"],
  );
  readonly #reconcileTime = new Histogram({
    name: "controller_runtime_reconcile_time_seconds",
    help: "Length of time per reconciliation per controller",
    labelNames: ["controller"],
    buckets: RECONCILE_BUCKETS,
    registers: [this.registry],
  });
  readonly #maxWorkers = this.#gauge(
    "controller_runtime_max_concurrent_reconciles",
    "Maximum number of concurrent reconciles per controller",
    ["controller"],
  );
  readonly #activeWorkers = this.#gauge(
    "controller_runtime_active_workers",
    "Number of currently used workers per controller",
    ["controller"],
  );
  readonly #depth = this.#gauge("workqueue_depth", "Current depth of workqueue", [
    "name",
    "controller",
  ]);
  readonly #adds = this.#counter(
    "workqueue_adds_total",
    "Total number of adds handled by workqueue",
    [
      "name",
      "controller",
    ],
  );
  readonly #queueDuration = this.#histogram(
    "workqueue_queue_duration_seconds",
    "How long in seconds an item stays in workqueue before being requested",
  );
  readonly #workDuration = this.#histogram(
    "workqueue_work_duration_seconds",
    "How long in seconds processing an item from workqueue takes",
  );
  readonly #retries = this.#counter(
    "workqueue_retries_total",
    "Total number of retries handled by workqueue",
    ["name", "controller"],
  );
  readonly #leader = this.#gauge(
    "leader_election_master_status",
    "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease. Please make sure to group by name.",
    ["name"],
  );

  constructor() {
    const readers = this.#readers;
    new Gauge({
      name: "workqueue_unfinished_work_seconds",
      help:
        "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.",
      labelNames: ["name", "controller"],
      registers: [this.registry],
      collect() {
        for (const [name, read] of readers) {
          const total = read().reduce((sum, age) => sum + age, 0);
          this.set({ name, controller: name }, total);
        }
      },
    });
    new Gauge({
      name: "workqueue_longest_running_processor_seconds",
      help: "How many seconds has the longest running processor for workqueue been running.",
      labelNames: ["name", "controller"],
      registers: [this.registry],
      collect() {
        for (const [name, read] of readers) {
          this.set({ name, controller: name }, Math.max(0, ...read()));
        }
      },
    });
  }

  /** Hooks for the work queue of controller `name`. */
  workQueue(name: string): WorkQueueMetrics {
    const labels = { name, controller: name };
    return {
      added: () => this.#adds.inc(labels),
      depth: (items) => this.#depth.set(labels, items),
      queued: (s) => this.#queueDuration.observe(labels, s),
      worked: (s) => this.#workDuration.observe(labels, s),
      retried: () => this.#retries.inc(labels),
      inFlight: (read) => void this.#readers.set(name, read),
    };
  }

  /** Hooks for the runner of controller `name`. */
  controller(name: string): ControllerMetrics {
    const labels = { controller: name };
    for (const result of ["success", "error", "requeue", "requeue_after"]) {
      this.#reconcileTotal.inc({ controller: name, result }, 0);
    }
    this.#reconcileErrors.inc(labels, 0);
    this.#terminalErrors.inc(labels, 0);
    return {
      reconciled: (result, seconds) => {
        this.#reconcileTotal.inc({ controller: name, result });
        this.#reconcileTime.observe(labels, seconds);
      },
      failed: (terminal) => {
        this.#reconcileErrors.inc(labels);
        if (terminal) this.#terminalErrors.inc(labels);
      },
      workers: (max, active) => {
        this.#maxWorkers.set(labels, max);
        this.#activeWorkers.set(labels, active);
      },
    };
  }

  /** Hook for the leader election of lease `name`. */
  leaderElection(name: string): LeaderElectionMetrics {
    return { leading: (isLeader) => this.#leader.set({ name }, isLeader ? 1 : 0) };
  }

  /** The Prometheus text exposition of every metric, for `GET /metrics`. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The `Content-Type` of {@link Metrics.render}'s output. */
  get contentType(): string {
    return this.registry.contentType;
  }

  #counter(name: string, help: string, labelNames: string[]): Counter {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  #gauge(name: string, help: string, labelNames: string[]): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  #histogram(name: string, help: string): Histogram {
    return new Histogram({
      name,
      help,
      labelNames: ["name", "controller"],
      buckets: QUEUE_BUCKETS,
      registers: [this.registry],
    });
  }
}

/** The process-wide registry that `/metrics` serves and components use by default. */
export const metrics: Metrics = new Metrics();

/** Hooks that record nothing, for components built without metrics. */
export const noMetrics: {
  workQueue: WorkQueueMetrics;
  controller: ControllerMetrics;
  leaderElection: LeaderElectionMetrics;
} = {
  workQueue: {
    added() {},
    depth() {},
    queued() {},
    worked() {},
    retried() {},
    inFlight() {},
  },
  controller: { reconciled() {}, failed() {}, workers() {} },
  leaderElection: { leading() {} },
};
