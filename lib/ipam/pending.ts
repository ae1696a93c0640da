/**
 * Allocations made but not yet visible in the informer cache: the controller wrote a Gateway's
 * status with a new address, and until the watch event comes back the cache still shows the
 * Gateway without it. Counting these as in use is what keeps two Gateways reconciled back to back
 * from getting the same address.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { formatAddress, parseAddress } from "./address.ts";
import type { AddressesInUse } from "./in_use.ts";

/** Options for {@link PendingAllocations}. */
export interface PendingOptions {
  /** Source of time for expiry. @default systemClock */
  readonly clock?: Clock;
  /** How long an entry lives if the cache never shows it, in milliseconds. @default 60_000 */
  readonly ttlMs?: number;
}

function canonical(address: string): string {
  const parsed = parseAddress(address);
  return typeof parsed === "string" ? address : formatAddress(parsed.family, parsed.value);
}

/**
 * Pure bookkeeping of pending allocations, by owner. An entry goes away when the cache shows the
 * owner holding the address ({@link PendingAllocations.confirm}), when the owner is gone
 * ({@link PendingAllocations.forget}), or after `ttlMs` as a safety net. After a restart there is
 * nothing pending: the cache, rebuilt from the cluster, is the whole truth.
 *
 * @example
 * ```ts
 * import { FakeClock } from "../clock.ts";
 * import { AddressesInUse } from "../ipam.ts";
 *
 * const cache = new AddressesInUse();
 * const pending = new PendingAllocations({ clock: new FakeClock(0) });
 * pending.record("10.0.0.1", "Gateway team-a/gw");
 * const pass = cache.overlay();
 * pending.addTo(pass); // pass.has("10.0.0.1") === true
 * pending.confirm("10.0.0.1", "Gateway team-a/gw"); // the watch event arrived
 * ```
 */
export class PendingAllocations {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  /** Expiry time by address, by owner. */
  readonly #byOwner = new Map<string, Map<string, number>>();

  /** @param options the clock and the time to live. */
  constructor(options: PendingOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#ttlMs = options.ttlMs ?? 60_000;
    if (!(this.#ttlMs > 0)) {
      throw new RangeError(
        `Cannot keep pending allocations: ttlMs must be positive, not ${this.#ttlMs}`,
      );
    }
  }

  /** Remembers that `owner` was just given `address` (again: the time to live starts over). */
  record(address: string, owner: string): void {
    let addresses = this.#byOwner.get(owner);
    if (!addresses) this.#byOwner.set(owner, addresses = new Map());
    addresses.set(canonical(address), this.#clock.now() + this.#ttlMs);
  }

  /** The cache now shows `owner` holding `address`: no longer pending. */
  confirm(address: string, owner: string): void {
    const addresses = this.#byOwner.get(owner);
    if (addresses?.delete(canonical(address)) && addresses.size === 0) this.#byOwner.delete(owner);
  }

  /** `owner` is gone (deleted, or no longer ours): drop everything pending for it. */
  forget(owner: string): void {
    this.#byOwner.delete(owner);
  }

  /** Adds every live entry to `inUse` (typically a pass's overlay); drops expired ones. */
  addTo(inUse: AddressesInUse): void {
    this.#expire();
    for (const [owner, addresses] of this.#byOwner) {
      for (const address of addresses.keys()) inUse.add(address, owner);
    }
  }

  /**
   * The most recently recorded live address of each owner that has one pending (what
   * `translate()` takes as `pendingAddresses`: a Gateway keeps it instead of getting a second one).
   */
  latest(): Map<string, string> {
    this.#expire();
    const out = new Map<string, string>();
    for (const [owner, addresses] of this.#byOwner) {
      let best: [string, number] | undefined;
      for (const entry of addresses) if (!best || entry[1] >= best[1]) best = entry;
      if (best) out.set(owner, best[0]);
    }
    return out;
  }

  /** How many (address, owner) pairs are pending and not expired. */
  get size(): number {
    this.#expire();
    let size = 0;
    for (const addresses of this.#byOwner.values()) size += addresses.size;
    return size;
  }

  #expire(): void {
    const now = this.#clock.now();
    for (const [owner, addresses] of this.#byOwner) {
      for (const [address, expires] of addresses) if (expires <= now) addresses.delete(address);
      if (addresses.size === 0) this.#byOwner.delete(owner);
    }
  }
}
