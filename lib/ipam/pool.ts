/**
 * A pool: the addresses one ConfigMap key describes, merged into sorted disjoint ranges.
 *
 * @module
 */
import { type Family, familyOfKey, parseAddress } from "./address.ts";
import { describeRanges, type KeyRange, rangeSize } from "./ranges.ts";

/** A malformed entry (or setting) of a pool configuration, skipped. */
export interface PoolDiagnostic {
  /** The ConfigMap key, e.g. `range-global`. */
  readonly key: string;
  /** The entry as written (trimmed), or the whole value for a problem with the key itself. */
  readonly entry: string;
  /** The whole sentence: `range "10.0.0.9-10.0.0.1" in key range-global: start is after end`. */
  readonly message: string;
}

/** Where a pool comes from, as {@link selectPool} ranks them. */
export type PoolScope = "class" | "namespace" | "global";

/** The addresses one ConfigMap key offers, ready for {@link allocate}. */
export interface Pool {
  /** The ConfigMap key it came from, e.g. `range-global`, `cidr-team-a`. */
  readonly name: string;
  /** A GatewayClass's own pool, a namespace's (`*-<namespace>`), or everyone's (`*-global`). */
  readonly scope: PoolScope;
  /** The value is `0.0.0.0/32`: the announcer allocates by DHCP; {@link allocate} returns `0.0.0.0`. */
  readonly dhcp: boolean;
  /** `desc` when the config says `search-order=desc`: allocation starts at the highest address. */
  readonly order: "asc" | "desc";
  /** Addresses in the pool, after merging and end-skipping (IPv4 `.0`/`.255` included). */
  readonly size: bigint;
  /** The families the pool holds addresses of: `[]`, `[4]`, `[6]` or `[4, 6]`. */
  readonly families: readonly Family[];
  /** The malformed entries of this pool's key, which were skipped. */
  readonly diagnostics: readonly PoolDiagnostic[];
  /** The addresses, as a person reads them: `10.0.0.0/24, 10.1.0.5-10.1.0.9`. */
  describe(): string;
  /** Whether `address` (text) is one of the pool's addresses; false for text that is no address. */
  contains(address: string): boolean;
}

/** Everything a pool is made of. */
export interface PoolInit {
  readonly name: string;
  readonly scope: PoolScope;
  readonly dhcp: boolean;
  readonly order: "asc" | "desc";
  readonly ranges: readonly KeyRange[];
  /** The ranges that came whole from CIDR entries, to describe them in CIDR notation. */
  readonly cidrRanges?: ReadonlySet<KeyRange>;
  readonly diagnostics: readonly PoolDiagnostic[];
}

/** The ranges of a pool made by this module (not part of the public {@link Pool} shape). */
export const RANGES: unique symbol = Symbol("ranges");

/** The {@link Pool} implementation: sorted, disjoint, merged key ranges. */
export class AddressPool implements Pool {
  readonly name: string;
  readonly scope: PoolScope;
  readonly dhcp: boolean;
  readonly order: "asc" | "desc";
  readonly size: bigint;
  readonly families: readonly Family[];
  readonly diagnostics: readonly PoolDiagnostic[];
  readonly [RANGES]: readonly KeyRange[];
  readonly #cidrRanges: ReadonlySet<KeyRange>;

  /** Makes a pool from ranges that are already merged and sorted. */
  constructor(init: PoolInit) {
    this.name = init.name;
    this.scope = init.scope;
    this.dhcp = init.dhcp;
    this.order = init.order;
    this.diagnostics = init.diagnostics;
    this[RANGES] = init.ranges;
    this.#cidrRanges = init.cidrRanges ?? new Set();
    this.size = init.ranges.reduce((sum, r) => sum + rangeSize(r), 0n);
    const families = new Set(init.ranges.map((r) => familyOfKey(r.lo)));
    this.families = ([4, 6] as const).filter((f) => families.has(f));
  }

  /** The same pool under another scope (a GatewayClass's config makes `class` pools). */
  withScope(scope: PoolScope): AddressPool {
    return scope === this.scope ? this : new AddressPool({ ...this.#init(), scope });
  }

  describe(): string {
    if (this.dhcp) return "0.0.0.0/32: DHCP, the announcer allocates";
    if (this[RANGES].length === 0) return "no usable entries";
    return describeRanges(this[RANGES], (r) => this.#cidrRanges.has(r));
  }

  contains(address: string): boolean {
    const parsed = parseAddress(address);
    return typeof parsed !== "string" && this.containsKey(parsed.key);
  }

  /** Whether the key is in one of the ranges (binary search). */
  containsKey(key: bigint): boolean {
    const ranges = this[RANGES];
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const range = ranges[mid]!;
      if (key < range.lo) hi = mid - 1;
      else if (key > range.hi) lo = mid + 1;
      else return true;
    }
    return false;
  }

  #init(): PoolInit {
    const { name, scope, dhcp, order, diagnostics } = this;
    return {
      name,
      scope,
      dhcp,
      order,
      diagnostics,
      ranges: this[RANGES],
      cidrRanges: this.#cidrRanges,
    };
  }
}
