/**
 * Checking a requested (static) address: a Gateway's `spec.addresses` entry of type `IPAddress`.
 *
 * @module
 */
import { formatAddress, parseAddress } from "./address.ts";
import type { AllocationResult } from "./allocate.ts";
import type { AddressesInUse } from "./in_use.ts";
import type { Pool } from "./pool.ts";

/** Options for {@link requestAddress}. */
export interface RequestOptions {
  /** Who asks ("Gateway team-a/gw"): an address this owner already holds is not in use by others. */
  readonly owner: string;
}

const notUsable = (message: string): AllocationResult => ({
  ok: false,
  reason: "AddressNotUsable",
  message,
});

function listOwners(owners: readonly string[]): string {
  if (owners.length <= 2) return owners.join(" and ");
  const more = owners.length - 2;
  return `${owners[0]}, ${owners[1]} and ${more} other${more > 1 ? "s" : ""}`;
}

/**
 * Checks a requested address: a valid IP address (not a CIDR), inside `pool`, and not used by
 * anyone but `owner`. Unlike kube-vip-cloud-provider, which takes any static address, we keep
 * requests inside the pool; no pool at all (`undefined`) or a DHCP pool accepts any address. An
 * IPv4 address ending in `.0` or `.255` may be requested when it is inside the pool (allocation
 * skips them; kube-vip-cloud-provider does not refuse them either).
 *
 * @returns the address in canonical form (`2001:db8::1`), or `AddressNotUsable` and why.
 * @example
 * ```ts
 * import { AddressesInUse, parsePoolConfig } from "../ipam.ts";
 *
 * const config = parsePoolConfig({ "range-global": "172.18.100.10-172.18.100.30" });
 * const pool = config.pools.get("range-global");
 * requestAddress("172.18.100.40", pool, new AddressesInUse(), { owner: "Gateway team-a/gw" });
 * // { ok: false, reason: "AddressNotUsable",
 * //   message: "172.18.100.40 is outside pool range-global (172.18.100.10-172.18.100.30)" }
 * ```
 */
export function requestAddress(
  address: string,
  pool: Pool | undefined,
  inUse: AddressesInUse,
  options: RequestOptions,
): AllocationResult {
  const [head = "", ...tail] = address.split("/");
  if (tail.length > 0 && typeof parseAddress(head) !== "string") {
    return notUsable(`"${address}" is a CIDR, not an IP address: request a single address`);
  }
  const parsed = parseAddress(address);
  if (typeof parsed === "string") return notUsable(parsed);
  const canonical = formatAddress(parsed.family, parsed.value);
  if (pool && !pool.dhcp && !pool.contains(canonical)) {
    return notUsable(`${canonical} is outside pool ${pool.name} (${pool.describe()})`);
  }
  const others = inUse.owners(canonical).filter((o) => o !== options.owner);
  if (others.length > 0) return notUsable(`${canonical} is in use by ${listOwners(others)}`);
  return { ok: true, address: canonical };
}
