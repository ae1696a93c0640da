/**
 * The informer's cache: objects by `namespace/name` key, with indexes (client-go's `Indexer`). Index
 * functions map an object to zero or more values; {@link Cache.byIndex} finds the objects with a
 * value. The `namespace` index always exists.
 *
 * @module
 */
import { type KubeObject, objectKey } from "../types/mod.ts";

/** Maps an object to the index values it is found under (e.g. the Services a route references). */
export type IndexFunc<T> = (object: T) => readonly string[];

/** The name of the built-in namespace index. */
export const NAMESPACE_INDEX = "namespace";

/** Read access to cached objects (what controllers get). */
export interface Lister<T extends KubeObject> {
  /** One object, or `undefined`. For cluster-scoped kinds pass `""` or `undefined` as namespace. */
  get(namespace: string | undefined, name: string): T | undefined;
  /** All objects, or those of one namespace. */
  list(namespace?: string): T[];
  /** Objects whose index `indexName` contains `value`. @throws for an unknown index. */
  byIndex(indexName: string, value: string): T[];
}

/**
 * An indexed object store.
 *
 * @example
 * ```ts
 * const cache = new Cache<L4Route>({ backend: (r) => backendKeys(r) });
 * cache.upsert(route);
 * cache.byIndex("backend", "team-a/web");
 * ```
 */
export class Cache<T extends KubeObject> implements Lister<T> {
  readonly #items = new Map<string, T>();
  readonly #indexers = new Map<string, IndexFunc<T>>();
  readonly #indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    this.addIndexer(NAMESPACE_INDEX, (o) => [o.metadata.namespace ?? ""]);
    for (const [name, fn] of Object.entries(indexers)) this.addIndexer(name, fn);
  }

  /** Number of objects. */
  get size(): number {
    return this.#items.size;
  }

  /**
   * Adds an index and indexes the objects already cached.
   *
   * @throws when an index of that name exists.
   */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.#indexers.has(name)) throw new Error(`Cannot add index "${name}": it already exists`);
    this.#indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.#indices.set(name, index);
    for (const [key, object] of this.#items) this.#indexOne(index, fn, key, object);
  }

  /** Whether an index of that name exists. */
  hasIndex(name: string): boolean {
    return this.#indexers.has(name);
  }

  getByKey(key: string): T | undefined {
    return this.#items.get(key);
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string): T[] {
    if (namespace === undefined) return [...this.#items.values()];
    return this.byIndex(NAMESPACE_INDEX, namespace);
  }

  byIndex(indexName: string, value: string): T[] {
    const index = this.#indices.get(indexName);
    if (!index) throw new Error(`Cannot look up index "${indexName}": no such index`);
    const keys = index.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const key of keys) {
      const o = this.#items.get(key);
      if (o) out.push(o);
    }
    return out;
  }

  /** All keys. */
  keys(): IterableIterator<string> {
    return this.#items.keys();
  }

  /** Adds or replaces an object; returns the previous one. */
  upsert(object: T): T | undefined {
    const key = objectKey(object);
    const old = this.#items.get(key);
    if (old) this.#unindex(key, old);
    this.#items.set(key, object);
    for (const [name, fn] of this.#indexers) {
      this.#indexOne(this.#indices.get(name)!, fn, key, object);
    }
    return old;
  }

  /** Removes an object by key; returns it. */
  delete(key: string): T | undefined {
    const old = this.#items.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#items.delete(key);
    return old;
  }

  #indexOne(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, object: T): void {
    let values: readonly string[];
    try {
      values = fn(object);
    } catch {
      values = [];
    }
    for (const value of values) {
      let keys = index.get(value);
      if (!keys) index.set(value, keys = new Set());
      keys.add(key);
    }
  }

  #unindex(key: string, object: T): void {
    for (const [name, fn] of this.#indexers) {
      const index = this.#indices.get(name)!;
      let values: readonly string[];
      try {
        values = fn(object);
      } catch {
        values = [];
      }
      for (const value of values) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
