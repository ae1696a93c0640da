/**
 * A shared informer: one list-and-watch per resource type feeding an indexed {@link Cache}, and any
 * number of event handlers. Handlers receive the old and new objects and should only enqueue keys
 * (the reconcile reads the cache). After a relist, handlers see a delete for every object that
 * vanished while the watch was down, an add for every new one, and an update for every changed one.
 *
 * Cached objects are shared and must not be mutated: copy before changing (`structuredClone`).
 * `metadata.managedFields` is dropped from cached objects (controller-runtime's
 * `TransformStripManagedFields`), which saves about a third of the memory of typical objects.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { type Logger, silentLogger } from "../log.ts";
import { type KubeObject, objectKey, type WatchEvent } from "../types/mod.ts";
import { Cache, type IndexFunc, type Lister } from "./cache.ts";
import type { KubeClient } from "./client.ts";
import type { SyncSource } from "./controller.ts";
import { runReflector } from "./reflector.ts";
import { apiVersionOf, type ResourceType } from "./resources.ts";

/** Callbacks for changes; each is optional. Exceptions are caught and logged. */
export interface EventHandler<T extends KubeObject> {
  /** An object appeared (also called for every cached object when the handler is added late). */
  onAdd?(object: T): void;
  /** An object changed (its resourceVersion differs). */
  onUpdate?(oldObject: T, newObject: T): void;
  /** An object was deleted (`object` is its last known state). */
  onDelete?(object: T): void;
}

/** Options for {@link Informer}. */
export interface InformerOptions<T extends KubeObject> {
  /** Watch one namespace; all when absent. */
  namespace?: string;
  /** Label selector. */
  labelSelector?: string;
  /** Field selector. */
  fieldSelector?: string;
  /** Extra indexes (the `namespace` index always exists). */
  indexers?: Record<string, IndexFunc<T>>;
  /** Changes objects before they are cached. @default {@link defaultTransform} */
  transform?: (object: T) => T;
  /** Time source. @default systemClock */
  clock?: Clock;
  /** Logger. @default silentLogger */
  logger?: Logger;
}

/**
 * The default transform: drops `metadata.managedFields` (never read by a controller, often a third
 * of an object) and fills `apiVersion`/`kind`, which list items of built-in kinds lack, so cached
 * objects can be referred to (owner references, Events) without knowing where they came from.
 */
export function defaultTransform<T extends KubeObject>(type: ResourceType<T>): (object: T) => T {
  const apiVersion = apiVersionOf(type);
  return (object) => {
    if (object.metadata?.managedFields) delete object.metadata.managedFields;
    object.apiVersion ??= apiVersion;
    object.kind ??= type.kind;
    return object;
  };
}

/**
 * The cache and watch of one resource type.
 *
 * @example
 * ```ts
 * const routes = new Informer(client, tcpRoutes("v1"), { indexers: { backend: backendsOf } });
 * routes.addHandler({ onAdd: (r) => queue.add(objectKey(r)), onUpdate: (_, r) => queue.add(objectKey(r)) });
 * routes.start();
 * await routes.whenSynced();
 * routes.byIndex("backend", "team-a/web");
 * ```
 */
export class Informer<T extends KubeObject> implements Lister<T>, SyncSource {
  /** The resource type watched. */
  readonly type: ResourceType<T>;
  readonly #client: KubeClient;
  readonly #options: InformerOptions<T>;
  readonly #cache: Cache<T>;
  readonly #handlers = new Set<EventHandler<T>>();
  readonly #log: Logger;
  readonly #transform: (object: T) => T;
  #stop: AbortController | undefined;
  #running: Promise<void> | undefined;
  #synced = false;
  #syncWaiters: (() => void)[] = [];
  #resourceVersion = "";

  constructor(client: KubeClient, type: ResourceType<T>, options: InformerOptions<T> = {}) {
    this.#client = client;
    this.type = type;
    this.#options = options;
    this.#cache = new Cache<T>(options.indexers ?? {});
    this.#log = (options.logger ?? silentLogger).with({ informer: type.plural });
    this.#transform = options.transform ?? defaultTransform(type);
  }

  /** The last resourceVersion applied to the cache. */
  get resourceVersion(): string {
    return this.#resourceVersion;
  }

  /** Number of cached objects. */
  get size(): number {
    return this.#cache.size;
  }

  /** Adds an index (also over objects already cached). */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.#cache.addIndexer(name, fn);
  }

  /** Whether an index exists. */
  hasIndex(name: string): boolean {
    return this.#cache.hasIndex(name);
  }

  /**
   * Adds a handler; cached objects are replayed to it as adds. Returns a function that removes it.
   */
  addHandler(handler: EventHandler<T>): () => void {
    this.#handlers.add(handler);
    for (const object of this.#cache.list()) this.#call(handler, "onAdd", object);
    return () => this.#handlers.delete(handler);
  }

  /** Starts the list-and-watch loop (idempotent). */
  start(): void {
    if (this.#running) return;
    this.#stop = new AbortController();
    this.#running = runReflector(
      this.#client,
      this.type,
      {
        replace: (items, rv) => this.#replace(items, rv),
        apply: (event) => this.#apply(event),
      },
      this.#stop.signal,
      {
        ...(this.#options.namespace ? { namespace: this.#options.namespace } : {}),
        ...(this.#options.labelSelector ? { labelSelector: this.#options.labelSelector } : {}),
        ...(this.#options.fieldSelector ? { fieldSelector: this.#options.fieldSelector } : {}),
        clock: this.#options.clock ?? systemClock,
        logger: this.#log,
      },
    );
  }

  /** Stops watching; the cache keeps its contents. */
  async stop(): Promise<void> {
    this.#stop?.abort();
    await this.#running;
    this.#running = undefined;
  }

  /** True once the first list is in the cache. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves once the first list is in the cache; rejects with the signal's reason on abort. */
  whenSynced(signal?: AbortSignal): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const onAbort = () => reject(signal?.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#syncWaiters.push(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#cache.get(namespace, name);
  }

  list(namespace?: string): T[] {
    return this.#cache.list(namespace);
  }

  byIndex(indexName: string, value: string): T[] {
    return this.#cache.byIndex(indexName, value);
  }

  #replace(items: T[], resourceVersion: string): void {
    const seen = new Set<string>();
    for (const raw of items) {
      const object = this.#transform(raw);
      const key = objectKey(object);
      seen.add(key);
      const old = this.#cache.upsert(object);
      if (!old) this.#emit("onAdd", object);
      else if (old.metadata.resourceVersion !== object.metadata.resourceVersion) {
        this.#emit("onUpdate", old, object);
      }
    }
    for (const key of [...this.#cache.keys()]) {
      if (seen.has(key)) continue;
      const old = this.#cache.delete(key);
      if (old) this.#emit("onDelete", old);
    }
    this.#resourceVersion = resourceVersion;
    if (!this.#synced) {
      this.#synced = true;
      this.#log.debug("synced", { objects: this.#cache.size });
      for (const resolve of this.#syncWaiters.splice(0)) resolve();
    }
  }

  #apply(event: WatchEvent<T>): void {
    const object = this.#transform(event.object);
    this.#resourceVersion = object.metadata.resourceVersion ?? this.#resourceVersion;
    if (event.type === "DELETED") {
      const old = this.#cache.delete(objectKey(object));
      this.#emit("onDelete", old ?? object);
      return;
    }
    const old = this.#cache.upsert(object);
    if (old) this.#emit("onUpdate", old, object);
    else this.#emit("onAdd", object);
  }

  #emit(kind: "onAdd" | "onDelete", object: T): void;
  #emit(kind: "onUpdate", old: T, object: T): void;
  #emit(kind: keyof EventHandler<T>, a: T, b?: T): void {
    for (const handler of this.#handlers) this.#call(handler, kind, a, b);
  }

  #call(handler: EventHandler<T>, kind: keyof EventHandler<T>, a: T, b?: T): void {
    try {
      if (kind === "onUpdate") handler.onUpdate?.(a, b!);
      else handler[kind]?.(a);
    } catch (error) {
      this.#log.error("event handler failed", { event: kind, key: objectKey(a), error });
    }
  }
}
