/**
 * Leader election on a `coordination.k8s.io/v1` Lease, with client-go's semantics
 * (`tools/leaderelection`, `resourcelock/leaselock.go`):
 *
 * - a candidate tries every `retryPeriod` (with jitter) to create the Lease or take it over once the
 *   holder has not renewed it for `leaseDurationSeconds` as measured by *this* process's clock since
 *   it last saw the record change;
 * - the leader renews every `retryPeriod`; if it cannot renew for `renewDeadline` it stops leading;
 * - every write carries the resourceVersion read, so two candidates never both win (409 Conflict);
 * - times are `MicroTime` (6 digits); `leaseTransitions` counts holder changes;
 * - on stop the leader releases the Lease (empty holder, duration 1 s) so a standby takes over at once.
 *
 * After losing the lease the elector calls `onStoppedLeading` and becomes a candidate again (callers
 * that prefer controller-runtime's exit-on-loss can exit in that callback).
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { type Logger, silentLogger } from "../log.ts";
import { type LeaderElectionMetrics, type Metrics, noMetrics } from "../metrics.ts";
import type { Lease } from "../types/mod.ts";
import type { KubeClient } from "./client.ts";
import { isNotFound } from "./errors.ts";
import { microTime } from "./micro_time.ts";
import { LEASES } from "./resources.ts";

/** Options for {@link LeaderElector}. */
export interface LeaderElectionOptions {
  /** Namespace of the Lease. */
  namespace: string;
  /** Name of the Lease. */
  name: string;
  /** This candidate's identity. @default `${hostname}_${uuid}` */
  identity?: string;
  /** How long a lease is valid without renewal, ms. @default 15_000 */
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before giving up, ms. @default 10_000 */
  renewDeadlineMs?: number;
  /** Time between attempts, ms. @default 2_000 */
  retryPeriodMs?: number;
  /** Called when this process starts leading; `signal` aborts when it stops. */
  onStartedLeading?: (signal: AbortSignal) => void;
  /** Called when this process stops leading (lost or released). */
  onStoppedLeading?: () => void;
  /** Called when another identity is seen holding the lease. */
  onNewLeader?: (identity: string) => void;
  /** Metric registry (`leader_election_master_status`). @default none */
  metrics?: Metrics;
  /** Time source. @default systemClock */
  clock?: Clock;
  /** Logger. @default silentLogger */
  logger?: Logger;
}

/** A default identity: `hostname_uuid`, as controller-runtime builds it. */
export function defaultIdentity(): string {
  let host = "unknown";
  try {
    host = Deno.hostname();
  } catch {
    // no --allow-sys: keep "unknown"
  }
  return `${host}_${crypto.randomUUID()}`;
}

/**
 * A candidate for leadership of one Lease.
 *
 * @example
 * ```ts
 * const elector = new LeaderElector(client, {
 *   namespace: "l4gw-system", name: "l4gw",
 *   onStartedLeading: () => controllers.forEach((c) => c.start()),
 *   onStoppedLeading: () => controllers.forEach((c) => c.stop()),
 * });
 * elector.start();
 * // on SIGTERM:
 * await elector.stop(); // releases the lease
 * ```
 */
export class LeaderElector {
  /** This candidate's identity. */
  readonly identity: string;
  readonly #client: KubeClient;
  readonly #o: Required<
    Pick<
      LeaderElectionOptions,
      "namespace" | "name" | "leaseDurationMs" | "renewDeadlineMs" | "retryPeriodMs"
    >
  >;
  readonly #callbacks: LeaderElectionOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #metrics: LeaderElectionMetrics;
  #observed: Lease | undefined;
  #observedRecord = "";
  #observedAt = 0;
  #leading: AbortController | undefined;
  #stop = new AbortController();
  #running: Promise<void> | undefined;
  #lastLeader = "";

  /** @throws {RangeError} unless leaseDuration > renewDeadline > retryPeriod > 0. */
  constructor(client: KubeClient, options: LeaderElectionOptions) {
    this.#client = client;
    this.identity = options.identity ?? defaultIdentity();
    this.#o = {
      namespace: options.namespace,
      name: options.name,
      leaseDurationMs: options.leaseDurationMs ?? 15_000,
      renewDeadlineMs: options.renewDeadlineMs ?? 10_000,
      retryPeriodMs: options.retryPeriodMs ?? 2_000,
    };
    const { leaseDurationMs: l, renewDeadlineMs: d, retryPeriodMs: r } = this.#o;
    if (!(l > d && d > r && r > 0)) {
      throw new RangeError(
        `Cannot elect with lease ${l} ms, renew deadline ${d} ms, retry ${r} ms: need lease > renew deadline > retry > 0`,
      );
    }
    this.#callbacks = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).with({
      lease: `${options.namespace}/${options.name}`,
    });
    this.#metrics = options.metrics?.leaderElection(options.name) ?? noMetrics.leaderElection;
    this.#metrics.leading(false);
  }

  /** Whether this process leads now. Gate every write on it. */
  isLeader(): boolean {
    return this.#leading !== undefined;
  }

  /** The identity last seen holding the lease (`""` when none). */
  get leader(): string {
    return this.#lastLeader;
  }

  /** Starts campaigning (idempotent). */
  start(): void {
    this.#running ??= this.#run();
  }

  /** Stops campaigning; a leader releases the lease so a standby can take over at once. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      if (!(await this.#acquire(signal))) break;
      this.#leading = new AbortController();
      this.#metrics.leading(true);
      this.#log.info("started leading", { identity: this.identity });
      this.#safely(() => this.#callbacks.onStartedLeading?.(this.#leading!.signal));
      await this.#renew(signal);
      const released = signal.aborted && await this.#release();
      this.#leading.abort();
      this.#leading = undefined;
      this.#metrics.leading(false);
      this.#log.info(released ? "released the lease" : "stopped leading", {
        identity: this.identity,
      });
      this.#safely(() => this.#callbacks.onStoppedLeading?.());
    }
  }

  async #acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await this.#tryAcquireOrRenew(signal)) return true;
      const wait = this.#o.retryPeriodMs * (1 + 1.2 * Math.random());
      try {
        await this.#clock.sleep(wait, signal);
      } catch {
        return false;
      }
    }
    return false;
  }

  async #renew(signal: AbortSignal): Promise<void> {
    let renewedAt = this.#clock.now();
    while (!signal.aborted) {
      try {
        await this.#clock.sleep(this.#o.retryPeriodMs, signal);
      } catch {
        return;
      }
      if (await this.#tryAcquireOrRenew(signal)) {
        renewedAt = this.#clock.now();
      } else if (this.#clock.now() - renewedAt >= this.#o.renewDeadlineMs) {
        this.#log.warn("could not renew the lease before the deadline; stepping down");
        return;
      }
    }
  }

  #spec(now: number, old?: Lease["spec"]): NonNullable<Lease["spec"]> {
    const same = old?.holderIdentity === this.identity;
    return {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.#o.leaseDurationMs / 1000),
      acquireTime: same && old?.acquireTime ? old.acquireTime : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: (old?.leaseTransitions ?? 0) + (same || !old ? 0 : 1),
    };
  }

  #observe(lease: Lease): void {
    const record = JSON.stringify(lease.spec ?? {});
    if (record !== this.#observedRecord) {
      this.#observedRecord = record;
      this.#observedAt = this.#clock.now();
    }
    this.#observed = lease;
    const holder = lease.spec?.holderIdentity ?? "";
    if (holder !== this.#lastLeader) {
      this.#lastLeader = holder;
      if (holder && holder !== this.identity) {
        this.#safely(() => this.#callbacks.onNewLeader?.(holder));
      }
    }
  }

  async #tryAcquireOrRenew(stop: AbortSignal): Promise<boolean> {
    const signal = AbortSignal.any([stop, AbortSignal.timeout(this.#o.renewDeadlineMs)]);
    const now = this.#clock.now();
    const { namespace, name } = this.#o;
    try {
      if (this.isLeader() && this.#observed) {
        const fast = { ...this.#observed, spec: this.#spec(now, this.#observed.spec) };
        try {
          this.#observe(await this.#client.update(LEASES, fast, { signal }));
          return true;
        } catch (error) {
          this.#log.debug("fast renew failed; reading the lease", { error });
        }
      }
      let lease: Lease;
      try {
        lease = await this.#client.get(LEASES, namespace, name, { signal });
      } catch (error) {
        if (!isNotFound(error)) throw error;
        const created = await this.#client.create(LEASES, {
          metadata: { namespace, name },
          spec: this.#spec(now),
        }, { signal });
        this.#observe(created);
        return true;
      }
      this.#observe(lease);
      const holder = lease.spec?.holderIdentity ?? "";
      const duration = (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
      if (holder && holder !== this.identity && this.#observedAt + duration > now) return false;
      const updated = await this.#client.update(LEASES, {
        ...lease,
        spec: this.#spec(now, lease.spec),
      }, { signal });
      this.#observe(updated);
      return true;
    } catch (error) {
      if (!stop.aborted) this.#log.debug("lease attempt failed", { error });
      return false;
    }
  }

  async #release(): Promise<boolean> {
    if (!this.#observed || this.#observed.spec?.holderIdentity !== this.identity) return false;
    const now = microTime(this.#clock.now());
    try {
      const released = await this.#client.update(LEASES, {
        ...this.#observed,
        spec: {
          ...this.#observed.spec,
          holderIdentity: "",
          leaseDurationSeconds: 1,
          acquireTime: now,
          renewTime: now,
        },
      }, { signal: AbortSignal.timeout(this.#o.renewDeadlineMs) });
      this.#observe(released);
      return true;
    } catch (error) {
      this.#log.warn("could not release the lease; a standby takes over when it expires", {
        error,
      });
      return false;
    }
  }

  #safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#log.error("leader election callback failed", { error });
    }
  }
}
