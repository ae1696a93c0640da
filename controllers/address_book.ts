/**
 * The addresses in use, as one view derived from the informer caches (every Gateway's
 * `status.addresses`, every Service's address fields), plus the allocations made but not yet visible
 * there. Never a second source of truth: after a restart it is rebuilt from the cluster alone.
 *
 * @module
 */
import { serviceAddresses } from "../lib/announcer.ts";
import type { Clock } from "../lib/clock.ts";
import {
  AddressesInUse,
  gatewayAddresses,
  ownerName,
  PendingAllocations,
  updateOwner,
} from "../lib/ipam.ts";
import type { Logger } from "../lib/log.ts";
import type { Gateway, KubeObject, Service } from "../lib/types/mod.ts";

/** Options for {@link AddressBook}. */
export interface AddressBookOptions {
  /** Time source for the pending ledger's expiry. */
  clock?: Clock;
  /** How long an allocation may stay invisible in the cache before it is forgotten. @default 60_000 */
  pendingTtlMs?: number;
  /** Called when an address stops being used by anyone (Gateways waiting for one may now get it). */
  onFreed?: (address: string) => void;
  /** Where entries that are not IP addresses are reported. */
  logger?: Logger;
}

/**
 * Keeps the in-use view current from Gateway and Service events.
 *
 * @example
 * ```ts
 * const book = new AddressBook({ onFreed: () => requeueWaitingGateways() });
 * gateways.addHandler(book.gatewayHandler());
 * services.addHandler(book.serviceHandler());
 * translate({ ..., addressesInUse: book.inUse, pendingAddresses: book.pendingAddresses() });
 * ```
 */
export class AddressBook {
  /** The cluster-wide view (read it through `overlay()` to add a pass's allocations). */
  readonly inUse: AddressesInUse = new AddressesInUse();
  readonly #pending: PendingAllocations;
  readonly #options: AddressBookOptions;

  constructor(options: AddressBookOptions = {}) {
    this.#options = options;
    this.#pending = new PendingAllocations({
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.pendingTtlMs ? { ttlMs: options.pendingTtlMs } : {}),
    });
  }

  /** Records allocations a pass made, before anything is written, so the next pass cannot reuse them. */
  recordAllocations(allocations: readonly { address: string; owner: string }[]): void {
    for (const { address, owner } of allocations) this.#pending.record(address, owner);
  }

  /**
   * The view one pass allocates against: everything in use plus every allocation not yet visible in
   * the cache, in an overlay (the pass's own allocations never touch the shared view). Without the
   * pending ones, two Gateways reconciled back to back would get the same address.
   */
  view(): AddressesInUse {
    const view = this.inUse.overlay();
    this.#pending.addTo(view);
    return view;
  }

  /** Owner → address for allocations the cache does not show yet (translate's `pendingAddresses`). */
  pendingAddresses(): ReadonlyMap<string, string> {
    return this.#pending.latest();
  }

  /** Informer handler for Gateways. */
  gatewayHandler(): {
    onAdd(g: Gateway): void;
    onUpdate(old: Gateway, g: Gateway): void;
    onDelete(g: Gateway): void;
  } {
    return {
      onAdd: (g) => this.#change("Gateway", g, [], gatewayAddresses(g)),
      onUpdate: (old, g) => this.#change("Gateway", g, gatewayAddresses(old), gatewayAddresses(g)),
      onDelete: (g) => {
        this.#change("Gateway", g, gatewayAddresses(g), []);
        this.#pending.forget(this.#owner("Gateway", g));
      },
    };
  }

  /** Informer handler for Services. */
  serviceHandler(): {
    onAdd(s: Service): void;
    onUpdate(old: Service, s: Service): void;
    onDelete(s: Service): void;
  } {
    return {
      onAdd: (s) => this.#change("Service", s, [], serviceAddresses(s)),
      onUpdate: (old, s) => this.#change("Service", s, serviceAddresses(old), serviceAddresses(s)),
      onDelete: (s) => this.#change("Service", s, serviceAddresses(s), []),
    };
  }

  #owner(kind: string, o: KubeObject): string {
    return ownerName(kind, o.metadata.namespace ?? "", o.metadata.name ?? "");
  }

  #change(kind: string, object: KubeObject, before: string[], after: string[]): void {
    const owner = this.#owner(kind, object);
    const rejected = updateOwner(this.inUse, owner, before, after);
    for (const entry of rejected) {
      this.#options.logger?.warn("ignoring an address that is not an IP address", { owner, entry });
    }
    for (const address of after) this.#pending.confirm(address, owner);
    for (const address of before) {
      if (!after.includes(address) && !this.inUse.has(address)) this.#options.onFreed?.(address);
    }
  }
}
