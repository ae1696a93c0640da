/**
 * The one view of addresses in use, each with its owners, kept up to date incrementally (add and
 * remove are O(log n)) and counted by key range so that allocation never walks the pool.
 *
 * @module
 */
import { isEdgeKey, isUnspecified, parseAddress } from "./address.ts";
import { SortedKeys } from "./sorted_keys.ts";

/** In-use keys in `[lo, hi]`: all of them, and those that are IPv4 `.0`/`.255` (internal). */
export const COUNT: unique symbol = Symbol("count");

/** A sorted set of keys that also counts its IPv4 `.0`/`.255` keys apart. */
class KeyCounter {
  readonly all = new SortedKeys();
  readonly edges = new SortedKeys();

  set(key: bigint, present: boolean): void {
    if (present) {
      if (this.all.insert(key) && isEdgeKey(key)) this.edges.insert(key);
    } else if (this.all.delete(key) && isEdgeKey(key)) {
      this.edges.delete(key);
    }
  }
}

/** How many in-use keys a key range holds. */
export interface KeyCount {
  readonly all: number;
  readonly edges: number;
}

/**
 * Addresses in use and who uses them ("Gateway team-a/gw", "Service team-a/web"): one view of
 * Gateways' `status.addresses`, Services' `kube-vip.io/loadbalancerIPs`, `spec.loadBalancerIP` and
 * `status.loadBalancer.ingress`, and allocations not yet visible in the cache. An address may have
 * several owners; it is free again when the last one is removed. The unspecified addresses
 * `0.0.0.0` and `::` mean "DHCP" to kube-vip and are never in use.
 *
 * {@link AddressesInUse.overlay} gives a child view for one reconcile pass: reads see the parent
 * and the child's own changes, writes stay in the child.
 *
 * @example
 * ```ts
 * const inUse = new AddressesInUse();
 * inUse.add("10.0.0.5", "Service team-a/web");
 * const pass = inUse.overlay();
 * pass.add("10.0.0.6", "Gateway team-a/gw");
 * pass.owners("10.0.0.5"); // ["Service team-a/web"]
 * inUse.has("10.0.0.6"); // false: the overlay's writes stay in the overlay
 * ```
 */
export class AddressesInUse {
  #parent: AddressesInUse | undefined;
  /** Owners by key: all of them in a root view, those added here in an overlay. */
  readonly #owners = new Map<bigint, string[]>();
  /** Overlay only: owners of the parent's keys that this overlay removed. */
  readonly #hidden = new Map<bigint, Set<string>>();
  /** Keys in use: all of them in a root view; in an overlay, those the parent does not have. */
  readonly #plus = new KeyCounter();
  /** Overlay only: keys the parent has in use and this overlay does not. */
  readonly #minus = new KeyCounter();
  #changes = 0;
  #parentVersion = 0;

  /**
   * Records that `owner` uses `address`. Adding the same pair twice changes nothing.
   *
   * @returns false (and records nothing) when `address` is not an IP address, so the caller can
   * report the object that carries it.
   */
  add(address: string, owner: string): boolean {
    const parsed = parseAddress(address);
    if (typeof parsed === "string") return false;
    if (!isUnspecified(parsed)) this.#add(parsed.key, owner);
    return true;
  }

  /**
   * Records that `owner` no longer uses `address`; removing a pair that is not there changes
   * nothing.
   *
   * @returns false when `address` is not an IP address.
   */
  remove(address: string, owner: string): boolean {
    const parsed = parseAddress(address);
    if (typeof parsed === "string") return false;
    this.#remove(parsed.key, owner);
    return true;
  }

  /** Who uses `address`, in the order they were added; `[]` when it is free or not an address. */
  owners(address: string): readonly string[] {
    const parsed = parseAddress(address);
    return typeof parsed === "string" ? [] : [...this.#ownersOf(parsed.key)];
  }

  /** Whether anyone uses `address`. */
  has(address: string): boolean {
    return this.owners(address).length > 0;
  }

  /** How many distinct addresses are in use. */
  get size(): number {
    if (!this.#parent) return this.#owners.size;
    this.#sync();
    return this.#parent.size + this.#plus.all.size - this.#minus.all.size;
  }

  /**
   * A child view for one pass: reads see this view and the child's own changes, writes stay in the
   * child. Cheap: nothing is copied. Changes made to this view later show through the child, except
   * for the (address, owner) pairs the child added or removed itself: for those the child's last
   * word stands.
   */
  overlay(): AddressesInUse {
    const child = new AddressesInUse();
    child.#parent = this;
    child.#parentVersion = this.#version;
    return child;
  }

  #ownersOf(key: bigint): readonly string[] {
    const own = this.#owners.get(key) ?? [];
    if (!this.#parent) return own;
    const hidden = this.#hidden.get(key);
    const inherited = this.#parent.#ownersOf(key).filter((o) => !hidden?.has(o));
    if (own.length === 0) return inherited;
    return [...inherited, ...own.filter((o) => !inherited.includes(o))];
  }

  /** In-use keys in `[lo, hi]` (internal, for allocation). */
  [COUNT](lo: bigint, hi: bigint): KeyCount {
    this.#sync();
    const all = this.#plus.all.count(lo, hi);
    const edges = this.#plus.edges.count(lo, hi);
    if (!this.#parent) return { all, edges };
    const inherited = this.#parent[COUNT](lo, hi);
    return {
      all: inherited.all + all - this.#minus.all.count(lo, hi),
      edges: inherited.edges + edges - this.#minus.edges.count(lo, hi),
    };
  }

  get #version(): number {
    const parent = this.#parent;
    return this.#changes + (parent ? parent.#version : 0);
  }

  // In an overlay the last word on an (address, owner) pair is the overlay's: an add shows the pair
  // and a remove hides it, whatever the parent says then or later.
  #add(key: bigint, owner: string): void {
    const hidden = this.#hidden.get(key);
    const shown = hidden?.delete(owner) ?? false;
    if (hidden?.size === 0) this.#hidden.delete(key);
    const owners = this.#owners.get(key);
    if (!owners) this.#owners.set(key, [owner]);
    else if (!owners.includes(owner)) owners.push(owner);
    else if (!shown) return;
    this.#changed(key);
  }

  #remove(key: bigint, owner: string): void {
    const owners = this.#owners.get(key);
    const index = owners ? owners.indexOf(owner) : -1;
    if (owners && index >= 0) {
      owners.splice(index, 1);
      if (owners.length === 0) this.#owners.delete(key);
    }
    let hid = false;
    if (this.#parent) {
      const hidden = this.#hidden.get(key) ?? new Set<string>();
      hid = !hidden.has(owner);
      this.#hidden.set(key, hidden.add(owner));
    }
    if (index >= 0 || hid) this.#changed(key);
  }

  #changed(key: bigint): void {
    this.#changes++;
    const parent = this.#parent;
    if (!parent) {
      this.#plus.set(key, this.#owners.has(key));
      return;
    }
    this.#sync();
    this.#recount(key, parent);
  }

  /** An overlay's counts: keys it uses and its parent does not, and the other way round. */
  #recount(key: bigint, parent: AddressesInUse): void {
    const used = this.#ownersOf(key).length > 0;
    const inherited = parent.#ownersOf(key).length > 0;
    this.#plus.set(key, used && !inherited);
    this.#minus.set(key, !used && inherited);
  }

  /** An overlay's counts assume its parent as it was; recount the overlay's keys if it changed. */
  #sync(): void {
    const parent = this.#parent;
    if (!parent || this.#parentVersion === parent.#version) return;
    for (const key of new Set([...this.#owners.keys(), ...this.#hidden.keys()])) {
      this.#recount(key, parent);
    }
    this.#parentVersion = parent.#version;
  }
}
