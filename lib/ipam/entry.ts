/**
 * One entry of a pool list (`10.0.0.0/24` or `10.0.0.10-10.0.0.20`) to a key range, or the reason it
 * is malformed. A `/` makes an entry a CIDR, anything else is a range, whatever the key's name says
 * (as kube-vip-cloud-provider decides it).
 *
 * @module
 */
import { IPv4CidrRange, IPv6CidrRange } from "ip-num";
import { formatAddress, keyOf, parseAddress } from "./address.ts";
import type { KeyRange } from "./ranges.ts";

/** A well-formed entry: what kind it is and the addresses it covers. */
export interface ParsedEntry {
  readonly kind: "cidr" | "range";
  readonly range: KeyRange;
}

/** What the reason of a malformed entry starts with: `range "a-b" in key range-global`. */
export function entryLabel(key: string, entry: string): string {
  return `${entry.includes("/") ? "cidr" : "range"} "${entry}" in key ${key}`;
}

const PREFIX_LENGTH = /^(0|[1-9][0-9]{0,2})$/;

function parseCidr(entry: string): ParsedEntry | string {
  const [text, length, extra] = entry.split("/");
  if (text === undefined || length === undefined || extra !== undefined) {
    return "expected address/prefix-length, such as 10.0.0.0/24";
  }
  const address = parseAddress(text);
  if (typeof address === "string") return address;
  if (!PREFIX_LENGTH.test(length)) return `prefix length "${length}" is not a plain decimal number`;
  const bits = Number(length);
  const width = address.family === 4 ? 32 : 128;
  if (bits > width) {
    return `prefix length ${bits} is too long for IPv${address.family} (at most ${width})`;
  }
  // ip-num masks the host bits: 192.168.0.10/24 is the whole 192.168.0.0/24, as netip.ParsePrefix.
  const cidr = `${formatAddress(address.family, address.value)}/${bits}`;
  const parsed = address.family === 4 ? IPv4CidrRange.fromCidr(cidr) : IPv6CidrRange.fromCidr(cidr);
  return {
    kind: "cidr",
    range: {
      lo: keyOf(address.family, parsed.getFirst().value),
      hi: keyOf(address.family, parsed.getLast().value),
    },
  };
}

function parseRange(entry: string): ParsedEntry | string {
  const parts = entry.split("-");
  if (parts.length === 1) {
    const single = parseAddress(entry);
    if (typeof single === "string") return single;
    const bits = single.family === 4 ? 32 : 128;
    return `expected start-end; for one address write ${entry}-${entry} or ${entry}/${bits}`;
  }
  const [startText, endText] = parts;
  if (parts.length !== 2 || startText === undefined || endText === undefined) {
    return "expected start-end, such as 10.0.0.10-10.0.0.20";
  }
  const start = parseAddress(startText);
  if (typeof start === "string") return start;
  const end = parseAddress(endText);
  if (typeof end === "string") return end;
  if (start.family !== end.family) return "start and end are of different IP families";
  if (start.key > end.key) return "start is after end";
  return { kind: "range", range: { lo: start.key, hi: end.key } };
}

/**
 * Parses one trimmed, non-empty list entry.
 *
 * @returns the entry, or why it is malformed (the part after the {@link entryLabel}).
 * @example
 * ```ts
 * parseEntry("10.0.0.9-10.0.0.1"); // "start is after end"
 * parseEntry("10.0.0.0/30"); // { kind: "cidr", range: { lo: 167772160n, hi: 167772163n } }
 * ```
 */
export function parseEntry(entry: string): ParsedEntry | string {
  return entry.includes("/") ? parseCidr(entry) : parseRange(entry);
}
