/**
 * The object store: objects indexed by resource and namespace, one resourceVersion counter for every
 * write of every kind, a bounded history of changes per resource for watch resume (older versions are
 * "compacted": 410), and the fan-out of each change to the watchers of that resource.
 *
 * Stored objects are never mutated: a write replaces the object, so a reader may hold on to one, and
 * the encoded JSON of each object can be cached (`encode.ts`).
 *
 * @module
 */
import type { KubeObject } from "./types.ts";

/** The type of a change. */
export type EventType = "ADDED" | "MODIFIED" | "DELETED";

/** A change to one object, as kept in history and sent to watchers. */
export interface Change {
  type: EventType;
  /** The resourceVersion of the write. */
  rv: number;
  /** The object after the write (for DELETED: the last state, carrying the deletion RV). */
  object: KubeObject;
  /** The object before the write (MODIFIED and DELETED). */
  previous?: KubeObject;
  /** Encoded watch lines, by `type|apiVersion`, filled by the first watcher that needs one. */
  encoded: Map<string, Uint8Array>;
}

/** A subscriber to one resource's changes. */
export interface Subscriber {
  /** Called synchronously for every change of the resource, in RV order. */
  deliver(change: Change): void;
}

interface History {
  changes: Change[];
  /** Changes with rv ≤ floor may be missing from `changes` (compacted). */
  floor: number;
}

function nsMapOf(data: Map<string, Map<string, KubeObject>>, ns: string) {
  let m = data.get(ns);
  if (!m) {
    m = new Map();
    data.set(ns, m);
  }
  return m;
}

/** The in-memory storage of every resource. */
export class Storage {
  #rv = 0;
  readonly #data = new Map<string, Map<string, Map<string, KubeObject>>>();
  readonly #sorted = new Map<string, KubeObject[] | undefined>();
  readonly #history = new Map<string, History>();
  readonly #subscribers = new Map<string, Set<Subscriber>>();
  readonly #capacity: number;

  /** @param capacity changes kept per resource for watch resume. @default 1000 */
  constructor(capacity = 1000) {
    this.#capacity = Math.max(1, capacity);
  }

  /** The current (latest) resourceVersion. */
  get resourceVersion(): number {
    return this.#rv;
  }

  /** Reserves the next resourceVersion. */
  nextResourceVersion(): number {
    return ++this.#rv;
  }

  /** One object, or undefined. */
  get(key: string, namespace: string, name: string): KubeObject | undefined {
    return this.#data.get(key)?.get(namespace)?.get(name);
  }

  /** Objects of a resource, sorted by namespace then name; in one namespace when given. */
  list(key: string, namespace?: string): readonly KubeObject[] {
    if (namespace !== undefined) {
      if (!this.#data.get(key)?.has(namespace)) return [];
      return this.list(key).filter((o) => (o.metadata.namespace ?? "") === namespace);
    }
    let all = this.#sorted.get(key);
    if (!all) {
      all = [];
      const byNs = this.#data.get(key);
      for (const ns of [...(byNs?.keys() ?? [])].sort()) {
        const names = [...byNs!.get(ns)!.keys()].sort();
        for (const n of names) all.push(byNs!.get(ns)!.get(n)!);
      }
      this.#sorted.set(key, all);
    }
    return all;
  }

  /** How many objects a resource has. */
  count(key: string): number {
    let n = 0;
    for (const m of this.#data.get(key)?.values() ?? []) n += m.size;
    return n;
  }

  /**
   * Stores an object whose `metadata.resourceVersion` was set from {@link nextResourceVersion}, and
   * tells the watchers.
   */
  put(key: string, obj: KubeObject): Change {
    const ns = obj.metadata.namespace ?? "";
    const name = obj.metadata.name!;
    let byNs = this.#data.get(key);
    if (!byNs) {
      byNs = new Map();
      this.#data.set(key, byNs);
    }
    const m = nsMapOf(byNs, ns);
    const previous = m.get(name);
    m.set(name, obj);
    if (previous) this.#replaceSorted(key, previous, obj);
    else this.#sorted.delete(key);
    const change: Change = {
      type: previous ? "MODIFIED" : "ADDED",
      rv: Number(obj.metadata.resourceVersion),
      object: obj,
      encoded: new Map(),
    };
    if (previous) change.previous = previous;
    this.#record(key, change);
    return change;
  }

  /** Removes an object; `last` is its final state carrying the deletion RV. */
  remove(key: string, last: KubeObject): Change | undefined {
    const ns = last.metadata.namespace ?? "";
    const m = this.#data.get(key)?.get(ns);
    const previous = m?.get(last.metadata.name!);
    if (!previous) return undefined;
    m!.delete(last.metadata.name!);
    if (m!.size === 0) this.#data.get(key)!.delete(ns);
    this.#sorted.delete(key);
    const change: Change = {
      type: "DELETED",
      rv: Number(last.metadata.resourceVersion),
      object: last,
      previous,
      encoded: new Map(),
    };
    this.#record(key, change);
    return change;
  }

  #replaceSorted(key: string, previous: KubeObject, obj: KubeObject): void {
    const all = this.#sorted.get(key);
    if (!all) return;
    const i = all.indexOf(previous);
    if (i >= 0) all[i] = obj;
    else this.#sorted.delete(key);
  }

  #record(key: string, change: Change): void {
    let h = this.#history.get(key);
    if (!h) {
      h = { changes: [], floor: 0 };
      this.#history.set(key, h);
    }
    h.changes.push(change);
    if (h.changes.length > this.#capacity * 2) {
      const drop = h.changes.length - this.#capacity;
      h.floor = h.changes[drop - 1]!.rv;
      h.changes = h.changes.slice(drop);
    }
    for (const s of this.#subscribers.get(key) ?? []) s.deliver(change);
  }

  /**
   * Changes of a resource with rv > `since`, oldest first; `"expired"` when some of them were
   * compacted away (the client must relist: W-8). Also returns the oldest RV still available.
   */
  changesSince(key: string, since: number): Change[] | { expired: number } {
    const h = this.#history.get(key);
    if (!h) return [];
    const keep = h.changes.length > this.#capacity
      ? h.changes.slice(h.changes.length - this.#capacity)
      : h.changes;
    const floor = keep.length < h.changes.length
      ? h.changes[h.changes.length - this.#capacity - 1]!.rv
      : h.floor;
    if (since < floor) return { expired: keep[0]?.rv ?? this.#rv };
    return keep.filter((c) => c.rv > since);
  }

  /** Forgets all history: every watch resuming from an RV older than now gets 410. */
  compact(): void {
    for (const h of this.#history.values()) {
      h.changes = [];
      h.floor = this.#rv;
    }
    for (const key of this.#data.keys()) {
      if (!this.#history.has(key)) this.#history.set(key, { changes: [], floor: this.#rv });
    }
  }

  /** Registers a subscriber to a resource's changes; returns the function that unregisters it. */
  subscribe(key: string, s: Subscriber): () => void {
    let set = this.#subscribers.get(key);
    if (!set) {
      set = new Set();
      this.#subscribers.set(key, set);
    }
    set.add(s);
    return () => set!.delete(s);
  }

  /** Number of subscribers across resources (for tests and metrics). */
  get subscriberCount(): number {
    let n = 0;
    for (const s of this.#subscribers.values()) n += s.size;
    return n;
  }
}
