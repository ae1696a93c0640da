/**
 * Events expire, as on a real cluster where each Event is written with an etcd lease (kube-apiserver
 * `--event-ttl`, default 1 h): an Event not written again within the TTL is deleted (a DELETED watch
 * event). Timers run on the server's clock.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import type { Api } from "./api.ts";
import { CORE_EVENTS_KEY, storeKeyOf } from "./registry.ts";
import type { KubeObject, ResourceType } from "./types.ts";

/** The default Event TTL (kube-apiserver `--event-ttl`). */
export const DEFAULT_EVENT_TTL_MS = 3_600_000;

/** Expires Events a TTL after their last write. */
export class EventExpiry {
  readonly #api: Api;
  readonly #clock: Clock;
  readonly #ttl: number;
  readonly #timers = new Map<string, () => void>();

  constructor(api: Api, clock: Clock, ttlMs = DEFAULT_EVENT_TTL_MS) {
    this.#api = api;
    this.#clock = clock;
    this.#ttl = ttlMs;
  }

  /** Call after every write. */
  written(type: ResourceType, obj: KubeObject): void {
    if (storeKeyOf(type) !== CORE_EVENTS_KEY || this.#ttl <= 0) return;
    const uid = obj.metadata.uid!;
    this.#timers.get(uid)?.();
    const rv = obj.metadata.resourceVersion;
    this.#timers.set(
      uid,
      this.#clock.setTimer(this.#ttl, () => {
        this.#timers.delete(uid);
        const ns = obj.metadata.namespace ?? "";
        const current = this.#api.storage.get(CORE_EVENTS_KEY, ns, obj.metadata.name!);
        if (current && current.metadata.resourceVersion === rv) {
          this.#api.removeStored(type, current);
        }
      }),
    );
  }

  /** Call when an object is gone for good. */
  deleted(type: ResourceType, obj: KubeObject): void {
    if (storeKeyOf(type) !== CORE_EVENTS_KEY) return;
    this.#timers.get(obj.metadata.uid!)?.();
    this.#timers.delete(obj.metadata.uid!);
  }

  /** Cancels every timer. */
  stop(): void {
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }
}
