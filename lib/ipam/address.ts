/**
 * IP address text ⇄ numbers. Validation is ip-num's (strict, as Go's `netip.ParseAddr`: no leading
 * zeros, no shorthand such as `10.1`, no surrounding spaces); the conversion of the validated text
 * to a bigint is done here because ip-num's own path goes through binary strings and costs 14 µs per
 * IPv6 address, which would make rebuilding the in-use view from 50,000 addresses take most of a
 * second.
 *
 * Both families share one number line, the key space: an IPv4 address is its 32-bit value, an IPv6
 * address is `2^32 + value`. Every IPv4 key sorts before every IPv6 key, so one sorted structure
 * holds both and a range of one family never reaches into the other.
 *
 * @module
 */
import { collapseIPv6Number, expandIPv6Number, IPv4, IPv6, Validator } from "ip-num";

/** An IP family: 4 or 6. */
export type Family = 4 | 6;

/** Where IPv6 starts in the key space. */
export const V6_BASE = 1n << 32n;

/** A parsed address: its family, its value within the family, and its key. */
export interface ParsedAddress {
  readonly family: Family;
  readonly value: bigint;
  readonly key: bigint;
}

/** The key of `value` in `family`. */
export function keyOf(family: Family, value: bigint): bigint {
  return family === 4 ? value : V6_BASE + value;
}

/** The family a key belongs to. */
export function familyOfKey(key: bigint): Family {
  return key < V6_BASE ? 4 : 6;
}

/** The first and last key of a family. */
export function familyBounds(family: Family): { lo: bigint; hi: bigint } {
  return family === 4
    ? { lo: 0n, hi: V6_BASE - 1n }
    : { lo: V6_BASE, hi: V6_BASE + (1n << 128n) - 1n };
}

/**
 * Parses one IP address, or says why it is not one.
 *
 * @example
 * ```ts
 * parseAddress("10.0.0.1"); // { family: 4, value: 167772161n, key: 167772161n }
 * parseAddress("10.1"); // `"10.1" is not a valid IP address`
 * ```
 */
export function parseAddress(text: string): ParsedAddress | string {
  if (text.includes("%")) return `"${text}" has a zone (%…), which an address here cannot have`;
  if (text.includes(":")) {
    let expanded: string;
    try {
      expanded = expandIPv6Number(text);
    } catch {
      return `"${text}" is not a valid IP address`;
    }
    const value = BigInt("0x" + expanded.replaceAll(":", ""));
    return { family: 6, value, key: V6_BASE + value };
  }
  if (!Validator.isValidIPv4String(text)[0]) return `"${text}" is not a valid IP address`;
  let value = 0n;
  for (const octet of text.split(".")) value = (value << 8n) | BigInt(octet);
  return { family: 4, value, key: value };
}

/** The canonical text of an address (RFC 5952 for IPv6, as Kubernetes and Go print it). */
export function formatAddress(family: Family, value: bigint): string {
  return family === 4
    ? IPv4.fromNumber(value).toString()
    : collapseIPv6Number(IPv6.fromBigInt(value).toString());
}

/** The canonical text of the address at `key`. */
export function formatKey(key: bigint): string {
  return key < V6_BASE ? formatAddress(4, key) : formatAddress(6, key - V6_BASE);
}

/**
 * Whether an IPv4 key ends in `.0` or `.255`: such addresses are never handed out by allocation
 * (kube-vip-cloud-provider treats them as network and broadcast addresses, in ranges too).
 */
export function isEdgeKey(key: bigint): boolean {
  if (key >= V6_BASE) return false;
  const last = key & 0xffn;
  return last === 0n || last === 0xffn;
}

/** The unspecified address (`0.0.0.0`, `::`): kube-vip's way of saying "DHCP", never in use. */
export function isUnspecified(parsed: ParsedAddress): boolean {
  return parsed.value === 0n;
}
