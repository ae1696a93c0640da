/**
 * Write expectations (kube-controller-manager's `ControllerExpectations`): after a controller
 * writes, its informer cache is briefly older than what it wrote. A reconcile that ran in that window
 * would decide from stale objects and send writes the server rejects (409 Conflict, AlreadyExists) or
 * repeats. So each write records the resourceVersion the informer must deliver; until it has, the
 * owner's reconciles wait (they are woken when it arrives, or when the expectation expires: after a
 * relist the exact version may never be delivered).
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import type { KubeObject } from "../types/mod.ts";

/** Options for {@link Expectations}. */
export interface ExpectationsOptions {
  /** How long a write may stay unobserved before it is given up on, ms. @default 10_000 */
  ttlMs?: number;
  /** Time source. @default systemClock */
  clock?: Clock;
  /** Called when the last expectation of an owner is met (the owner should reconcile again). */
  onSatisfied?: (owner: string) => void;
}

interface Expected {
  owner: string;
  /** The resourceVersion to observe; undefined: a deletion. */
  resourceVersion: string | undefined;
  expires: number;
}

/**
 * Whether version `seen` is `expected` or later. resourceVersions are opaque to clients by contract;
 * every kube-apiserver (and our embedded one) issues increasing integers, so when both parse as
 * integers they are compared, and otherwise only equality counts (the expectation then waits for its
 * exact event or expires).
 */
function atLeast(seen: string | undefined, expected: string): boolean {
  if (seen === undefined) return false;
  if (seen === expected) return true;
  return /^\d+$/.test(seen) && /^\d+$/.test(expected) && BigInt(seen) > BigInt(expected);
}

const id = (kind: string, o: { metadata: { namespace?: string; name?: string } }) =>
  `${kind}|${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

/**
 * Tracks writes until the informers show them.
 *
 * @example
 * ```ts
 * const expectations = new Expectations({ onSatisfied: (key) => controller.enqueue(key) });
 * services.addHandler(expectations.handler("Service"));
 * // in a reconcile of `key`:
 * const wait = expectations.pending(key);
 * if (wait > 0) return { requeueAfter: wait };
 * const written = await client.update(SERVICES, svc);
 * expectations.expectWrite(key, "Service", written, cached);
 * ```
 */
export class Expectations {
  readonly #byObject = new Map<string, Expected>();
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #onSatisfied: (owner: string) => void;

  constructor(options: ExpectationsOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 10_000;
    this.#clock = options.clock ?? systemClock;
    this.#onSatisfied = options.onSatisfied ?? (() => {});
  }

  /**
   * Records that `owner` wrote `written` (the server's answer). Nothing is expected when the server
   * kept the version the cache had before (a no-op write produces no watch event), or when the cache
   * already shows it or a later version (the watch event can arrive before the write's response is
   * processed).
   *
   * @param before the cached object the write was based on
   * @param now the cached object as it is at this moment
   */
  expectWrite(
    owner: string,
    kind: string,
    written: KubeObject,
    before?: KubeObject,
    now?: KubeObject,
  ): void {
    const rv = written.metadata.resourceVersion;
    if (
      !rv || rv === before?.metadata.resourceVersion || atLeast(now?.metadata.resourceVersion, rv)
    ) return;
    this.#byObject.set(id(kind, written), {
      owner,
      resourceVersion: rv,
      expires: this.#clock.now() + this.#ttlMs,
    });
  }

  /** Records that `owner` deleted an object, unless the cache no longer has it (`stillCached` false). */
  expectDeletion(
    owner: string,
    kind: string,
    object: { metadata: { namespace?: string; name?: string } },
    stillCached = true,
  ): void {
    if (!stillCached) return;
    this.#byObject.set(id(kind, object), {
      owner,
      resourceVersion: undefined,
      expires: this.#clock.now() + this.#ttlMs,
    });
  }

  /** Feeds an informer event; meets the expectation it satisfies. */
  observe(kind: string, object: KubeObject, deleted: boolean): void {
    const key = id(kind, object);
    const e = this.#byObject.get(key);
    if (!e) return;
    const met = e.resourceVersion === undefined
      ? deleted
      : !deleted && object.metadata.resourceVersion === e.resourceVersion;
    if (!met) return;
    this.#byObject.delete(key);
    if (!this.#has(e.owner)) this.#onSatisfied(e.owner);
  }

  /** An informer handler that feeds {@link Expectations.observe} for `kind`. */
  handler(kind: string): {
    onAdd(o: KubeObject): void;
    onUpdate(old: KubeObject, o: KubeObject): void;
    onDelete(o: KubeObject): void;
  } {
    return {
      onAdd: (o) => this.observe(kind, o, false),
      onUpdate: (_, o) => this.observe(kind, o, false),
      onDelete: (o) => this.observe(kind, o, true),
    };
  }

  /**
   * Milliseconds until `owner`'s oldest unmet expectation expires, or 0 when it has none (expired
   * ones are dropped: the cache may have skipped that version in a relist).
   */
  pending(owner: string): number {
    const now = this.#clock.now();
    let wait = 0;
    for (const [key, e] of this.#byObject) {
      if (e.owner !== owner) continue;
      if (e.expires <= now) this.#byObject.delete(key);
      else wait = Math.max(wait, e.expires - now);
    }
    return wait;
  }

  /** How many writes are waiting to be observed. */
  get size(): number {
    return this.#byObject.size;
  }

  #has(owner: string): boolean {
    for (const e of this.#byObject.values()) if (e.owner === owner) return true;
    return false;
  }
}
