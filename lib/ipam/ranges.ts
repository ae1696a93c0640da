/**
 * Closed intervals of the key space (see `address.ts`): merging, splitting into CIDR prefixes,
 * counting the IPv4 `.0`/`.255` addresses inside, and describing them to people. Plain bigint
 * arithmetic on a few intervals per pool, never on the addresses themselves.
 *
 * @module
 */
import { type Family, familyOfKey, formatKey, V6_BASE } from "./address.ts";

/** A closed interval `[lo, hi]` of keys, within one family. */
export interface KeyRange {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** Addresses in a range. */
export function rangeSize(range: KeyRange): bigint {
  return range.hi - range.lo + 1n;
}

/** Sorts ranges and merges those that overlap or touch; ranges of different families never merge. */
export function mergeRanges(ranges: readonly KeyRange[]): KeyRange[] {
  const sorted = [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const merged: KeyRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.lo <= last.hi + 1n && familyOfKey(range.lo) === familyOfKey(last.hi)) {
      if (range.hi > last.hi) merged[merged.length - 1] = { lo: last.lo, hi: range.hi };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** A CIDR prefix as a key range plus its length. */
export interface KeyPrefix extends KeyRange {
  readonly bits: number;
}

/**
 * The fewest CIDR prefixes that exactly cover `range`, in order (as netipx's `IPRange.Prefixes`).
 *
 * @example
 * ```ts
 * // 10.0.0.0-10.0.1.127 → 10.0.0.0/24, 10.0.1.0/25
 * prefixesOf({ lo: 0x0a000000n, hi: 0x0a00017fn }).map((p) => p.bits); // [24, 25]
 * ```
 */
export function prefixesOf(range: KeyRange): KeyPrefix[] {
  const family: Family = familyOfKey(range.lo);
  const width = family === 4 ? 32 : 128;
  const base = family === 4 ? 0n : V6_BASE;
  const prefixes: KeyPrefix[] = [];
  let value = range.lo - base;
  const last = range.hi - base;
  while (value <= last) {
    let exponent = 0;
    while (exponent < width && ((value >> BigInt(exponent)) & 1n) === 0n) exponent++;
    while (value + (1n << BigInt(exponent)) - 1n > last) exponent--;
    const size = 1n << BigInt(exponent);
    prefixes.push({ lo: base + value, hi: base + value + size - 1n, bits: width - exponent });
    value += size;
  }
  return prefixes;
}

function edgesUpTo(key: bigint): bigint {
  if (key < 0n) return 0n;
  const n = key + 1n;
  return 2n * (n / 256n) + (n % 256n > 0n ? 1n : 0n);
}

/**
 * How many IPv4 keys in `[lo, hi]` end in `.0` or `.255` (IPv6 keys never count).
 *
 * @example
 * ```ts
 * edgeCount(0x0a0000fdn, 0x0a000102n); // 10.0.0.253-10.0.1.2 holds .0.255 and .1.0: 2n
 * ```
 */
export function edgeCount(lo: bigint, hi: bigint): bigint {
  const top = hi < V6_BASE ? hi : V6_BASE - 1n;
  return top < lo ? 0n : edgesUpTo(top) - edgesUpTo(lo - 1n);
}

/**
 * One range as a person writes it: CIDR notation when `cidr` is set and the range is exactly one
 * prefix, otherwise a single address or `start-end`.
 */
export function describeRange(range: KeyRange, cidr = false): string {
  const [prefix, more] = prefixesOf(range);
  if (cidr && prefix && !more) return `${formatKey(prefix.lo)}/${prefix.bits}`;
  if (range.lo === range.hi) return formatKey(range.lo);
  return `${formatKey(range.lo)}-${formatKey(range.hi)}`;
}

/**
 * Ranges as a person reads them, at most `max` of them followed by how many more there are.
 *
 * @param cidr which ranges to write in CIDR notation (those that came from CIDR entries)
 * @example
 * ```ts
 * describeRanges([{ lo: 0x0a000000n, hi: 0x0a0000ffn }], () => true); // "10.0.0.0/24"
 * describeRanges([{ lo: 0x0a000000n, hi: 0x0a0000ffn }]); // "10.0.0.0-10.0.0.255"
 * ```
 */
export function describeRanges(
  ranges: readonly KeyRange[],
  cidr: (range: KeyRange) => boolean = () => false,
  max = 4,
): string {
  if (ranges.length === 0) return "no addresses";
  const shown = ranges.slice(0, max).map((r) => describeRange(r, cidr(r))).join(", ");
  return ranges.length > max ? `${shown} and ${ranges.length - max} more ranges` : shown;
}
