/**
 * What a Gateway already holds: the owners in the address view that are the Gateway itself or objects
 * made for it, and the addresses it had (status first, then its Services, then pending allocations).
 *
 * @module
 */
import { serviceAddresses } from "./announcer.ts";
import type { Snapshot } from "./snapshot.ts";
import { objectKey } from "./types/mod.ts";

/**
 * The owners that count as "this Gateway" and the addresses it had, most trusted first.
 *
 * @example
 * ```ts
 * addressesOfOwned(snapshot, "apps/gw");
 * // { owners: Set { "Gateway apps/gw", "Service apps/gw-l4" }, previous: ["10.0.0.5"] }
 * ```
 */
export function addressesOfOwned(
  snap: Snapshot,
  gatewayKey: string,
): { owners: Set<string>; previous: string[] } {
  const owners = new Set([`Gateway ${gatewayKey}`]);
  const previous: string[] = [];
  const gateway = snap.gateways.get(gatewayKey);
  for (const a of gateway?.status?.addresses ?? []) {
    if ((a.type ?? "IPAddress") === "IPAddress" && a.value) previous.push(a.value);
  }
  for (const s of snap.ourServicesByGateway.get(gatewayKey) ?? []) {
    owners.add(`Service ${objectKey(s)}`);
    previous.push(...serviceAddresses(s));
  }
  const pending = snap.input.pendingAddresses?.get(`Gateway ${gatewayKey}`);
  if (pending) previous.push(pending);
  return { owners, previous: [...new Set(previous)] };
}
