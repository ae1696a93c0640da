/**
 * The event recorder: Kubernetes Events about our decisions, written in the background so recording
 * never blocks or fails a reconcile. Follows client-go's `tools/events` (events.k8s.io/v1):
 *
 * - the first occurrence is created; a repeat (same object, type, reason, action and note) within
 *   6 minutes turns it into a series (`series.count` 2, one PATCH); later repeats only count in memory
 *   and are written when the series ends or every 30 minutes;
 * - when the server does not serve events.k8s.io/v1 (404), it falls back to core/v1 Events
 *   (`count`/`lastTimestamp`);
 * - per object at most 25 events at once, then one per 5 minutes (client-go's spam filter); extra
 *   events are dropped with a debug log, as is anything the server refuses.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { type Logger, silentLogger } from "../log.ts";
import type { CoreEvent, EventObjectReference, EventsV1Event, KubeObject } from "../types/mod.ts";
import type { KubeClient } from "./client.ts";
import { isAlreadyExists, isNotFound } from "./errors.ts";
import { microTime, rfc3339 } from "./micro_time.ts";
import { BucketRateLimiter } from "./rate_limiter.ts";
import { CORE_EVENTS, EVENTS } from "./resources.ts";

/** What happened. */
export interface EventInput {
  /** `Normal` or `Warning`. */
  type: "Normal" | "Warning";
  /** Why, in UpperCamelCase (e.g. `AddressAssigned`). */
  reason: string;
  /** What the controller did or failed to do (e.g. `Allocate`). */
  action: string;
  /** A human-readable sentence (at most 1 kB is kept). */
  note: string;
  /** A second object involved (e.g. the winning route). */
  related?: EventObjectReference;
}

/** Options for {@link EventRecorder}. */
export interface EventRecorderOptions {
  /** `reportingController`, e.g. `kube-vip.io/l4gw`. */
  controller: string;
  /** `reportingInstance`, e.g. the leader election identity. */
  instance: string;
  /** Repeats within this window join a series, ms. @default 360_000 */
  seriesWindowMs?: number;
  /** Series counts are written at least this often, ms. @default 1_800_000 */
  heartbeatMs?: number;
  /** Most events kept in memory waiting to be written. @default 1000 */
  maxPending?: number;
  /** Time source. @default systemClock */
  clock?: Clock;
  /** Logger. @default silentLogger */
  logger?: Logger;
}

interface Occurrence {
  namespace: string;
  name: string;
  api: "events" | "core";
  count: number;
  written: number;
  lastSeen: number;
  lastWritten: number;
}

/** A reference to `object` for an Event. */
export function eventReference(object: KubeObject): EventObjectReference {
  const m = object.metadata;
  return {
    ...(object.apiVersion ? { apiVersion: object.apiVersion } : {}),
    ...(object.kind ? { kind: object.kind } : {}),
    ...(m.namespace ? { namespace: m.namespace } : {}),
    ...(m.name ? { name: m.name } : {}),
    ...(m.uid ? { uid: m.uid } : {}),
    ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}),
  };
}

/**
 * Records Events. {@link EventRecorder.record} returns at once and never throws.
 *
 * @example
 * ```ts
 * const events = new EventRecorder(client, { controller: "kube-vip.io/l4gw", instance: elector.identity });
 * events.record(gateway, { type: "Warning", reason: "AddressNotAssigned", action: "Allocate",
 *   note: 'pool "range-global" is exhausted' });
 * ```
 */
export class EventRecorder {
  readonly #client: KubeClient;
  readonly #o: Required<Omit<EventRecorderOptions, "clock" | "logger">>;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #seen = new Map<string, Occurrence>();
  readonly #limits = new Map<string, { bucket: BucketRateLimiter; last: number }>();
  #api: "events" | "core" = "events";
  #chain: Promise<void> = Promise.resolve();
  #pending = 0;
  #seq = 0;
  #cancelSweep: (() => void) | undefined;

  constructor(client: KubeClient, options: EventRecorderOptions) {
    this.#client = client;
    this.#o = {
      controller: options.controller,
      instance: options.instance,
      seriesWindowMs: options.seriesWindowMs ?? 360_000,
      heartbeatMs: options.heartbeatMs ?? 1_800_000,
      maxPending: options.maxPending ?? 1000,
    };
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).with({ component: "events" });
  }

  /** Records an event about `regarding` in the background. Never throws. */
  record(regarding: KubeObject, input: EventInput): void {
    try {
      this.#record(regarding, input);
    } catch (error) {
      this.#log.warn("could not record an event", { reason: input.reason, error });
    }
  }

  /** Resolves when every event recorded so far has been written (or dropped). */
  flush(): Promise<void> {
    return this.#chain;
  }

  /** Writes outstanding series counts and stops the background timer. */
  async close(): Promise<void> {
    this.#cancelSweep?.();
    this.#cancelSweep = undefined;
    for (const [key, o] of this.#seen) {
      if (o.count > o.written) this.#enqueue(() => this.#writeSeries(key, o));
    }
    await this.flush();
  }

  #record(regarding: KubeObject, input: EventInput): void {
    const ref = eventReference(regarding);
    const note = input.note.length > 1024 ? input.note.slice(0, 1021) + "..." : input.note;
    const key = JSON.stringify([
      ref.uid ?? `${ref.kind}/${ref.namespace}/${ref.name}`,
      input.type,
      input.reason,
      input.action,
      note,
    ]);
    const now = this.#clock.now();
    this.#sweepSoon();
    const seen = this.#seen.get(key);
    if (seen && now - seen.lastSeen <= this.#o.seriesWindowMs) {
      seen.count++;
      seen.lastSeen = now;
      if (seen.count === 2) this.#enqueue(() => this.#writeSeries(key, seen));
      return;
    }
    if (!this.#allow(ref, now)) {
      this.#log.debug("event dropped by the rate limit", {
        object: ref.name,
        reason: input.reason,
      });
      return;
    }
    const occurrence: Occurrence = {
      namespace: ref.namespace || "default",
      name: `${ref.name ?? "unknown"}.${
        (BigInt(now) * 1_000_000n + BigInt(this.#seq++ % 1_000_000)).toString(16)
      }`,
      api: this.#api,
      count: 1,
      written: 0,
      lastSeen: now,
      lastWritten: now,
    };
    this.#seen.set(key, occurrence);
    this.#enqueue(() => this.#create(key, occurrence, ref, { ...input, note }));
  }

  #allow(ref: EventObjectReference, now: number): boolean {
    const id = ref.uid ?? `${ref.namespace}/${ref.name}`;
    let limit = this.#limits.get(id);
    if (!limit) {
      limit = {
        bucket: new BucketRateLimiter({ qps: 1 / 300, burst: 25, clock: this.#clock }),
        last: now,
      };
      this.#limits.set(id, limit);
    }
    limit.last = now;
    return limit.bucket.tryAccept();
  }

  #enqueue(write: () => Promise<void>): void {
    if (this.#pending >= this.#o.maxPending) {
      this.#log.warn("too many events waiting to be written; dropping one");
      return;
    }
    this.#pending++;
    this.#chain = this.#chain.then(write).catch((error) => {
      this.#log.debug("event not written", { error });
    }).finally(() => this.#pending--);
  }

  async #create(key: string, o: Occurrence, ref: EventObjectReference, input: EventInput) {
    const now = this.#clock.now();
    if (this.#api === "events") {
      const event: EventsV1Event = {
        metadata: { namespace: o.namespace, name: o.name },
        eventTime: microTime(now),
        reportingController: this.#o.controller,
        reportingInstance: this.#o.instance.slice(0, 128),
        action: input.action,
        reason: input.reason,
        regarding: ref,
        ...(input.related ? { related: input.related } : {}),
        note: input.note,
        type: input.type,
      };
      try {
        await this.#client.create(EVENTS, event);
        o.written = 1;
        return;
      } catch (error) {
        if (!isNotFound(error) || !(await this.#eventsApiMissing())) {
          return this.#dropped(key, error);
        }
        this.#api = "core";
        this.#log.info("events.k8s.io/v1 is not served; writing core/v1 Events");
      }
    }
    o.api = "core";
    const event: CoreEvent = {
      metadata: { namespace: o.namespace, name: o.name },
      involvedObject: ref,
      reason: input.reason,
      message: input.note,
      source: { component: this.#o.controller },
      firstTimestamp: rfc3339(now),
      lastTimestamp: rfc3339(now),
      count: 1,
      type: input.type,
      action: input.action,
      reportingComponent: this.#o.controller,
      reportingInstance: this.#o.instance.slice(0, 128),
    };
    try {
      await this.#client.create(CORE_EVENTS, event);
      o.written = 1;
    } catch (error) {
      this.#dropped(key, error);
    }
  }

  async #eventsApiMissing(): Promise<boolean> {
    try {
      const doc = await this.#client.discover("/apis/events.k8s.io/v1");
      return !doc?.resources?.some((r) => r.name === "events");
    } catch {
      return false;
    }
  }

  #dropped(key: string, error: unknown): void {
    this.#seen.delete(key);
    if (!isAlreadyExists(error)) this.#log.debug("event not written", { error });
  }

  async #writeSeries(key: string, o: Occurrence): Promise<void> {
    if (o.written === 0 || o.count <= o.written) return;
    const count = o.count;
    const now = this.#clock.now();
    try {
      if (o.api === "events") {
        await this.#client.patch(EVENTS, o.namespace, o.name, {
          series: { count, lastObservedTime: microTime(o.lastSeen) },
        });
      } else {
        await this.#client.patch(CORE_EVENTS, o.namespace, o.name, {
          count,
          lastTimestamp: rfc3339(o.lastSeen),
        });
      }
      o.written = count;
      o.lastWritten = now;
    } catch (error) {
      // the Event expired on the server (404): the next repeat starts a new one
      this.#seen.delete(key);
      this.#log.debug("event series not updated", { error });
    }
  }

  #sweepSoon(): void {
    if (this.#cancelSweep) return;
    this.#cancelSweep = this.#clock.setTimer(this.#o.seriesWindowMs, () => {
      this.#cancelSweep = undefined;
      const now = this.#clock.now();
      for (const [key, o] of this.#seen) {
        const finished = now - o.lastSeen > this.#o.seriesWindowMs;
        const heartbeat = now - o.lastWritten >= this.#o.heartbeatMs;
        if (o.count > o.written && (finished || heartbeat)) {
          this.#enqueue(() => this.#writeSeries(key, o));
        }
        if (finished) this.#seen.delete(key);
      }
      // a bucket unused for 25 × 5 minutes is full again: forget it
      for (const [id, limit] of this.#limits) {
        if (now - limit.last > 7_500_000) this.#limits.delete(id);
      }
      if (this.#seen.size > 0 || this.#limits.size > 0) this.#sweepSoon();
    });
  }
}
