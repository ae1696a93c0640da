/**
 * IPAM: gives every Gateway an address from the same pools kube-vip-cloud-provider hands out to
 * LoadBalancer Services, never the same address twice, and says why when it cannot. Pure: no
 * Kubernetes, no I/O, no clock but an injected one.
 *
 * The pieces, in the order a reconcile pass uses them:
 *
 * 1. {@link parsePoolConfig} reads a ConfigMap's `data` (the cluster's `kubevip` ConfigMap, or a
 *    GatewayClass's parameters ConfigMap) into pools, with a {@link PoolDiagnostic} for every
 *    malformed entry, which is skipped while the rest of the pool keeps working.
 * 2. {@link selectPool} picks the pool of a Gateway's namespace: the class's pool first, then
 *    `cidr-<ns>`, `range-<ns>`, `cidr-global`, `range-global`.
 * 3. {@link AddressesInUse} is the one view of addresses in use (Gateways' `status.addresses`,
 *    Services' `kube-vip.io/loadbalancerIPs`, `spec.loadBalancerIP`, `status.loadBalancer.ingress`),
 *    kept up to date from informer events ({@link serviceAddresses}, {@link gatewayAddresses} and
 *    {@link updateOwner}); a pass works on an {@link AddressesInUse.overlay} to which
 *    {@link PendingAllocations.addTo} adds the allocations the cache does not show yet.
 * 4. {@link allocate} hands out the lowest free address (highest with `search-order=desc`);
 *    {@link requestAddress} checks a Gateway's `spec.addresses` entry instead.
 * 5. {@link poolFigures} gives each pool's size, used, free and reserved counts for metrics.
 *
 * Where we differ from kube-vip-cloud-provider, on purpose:
 * - a namespace's keys win over global ones (`range-<ns>` beats `cidr-global`);
 * - whitespace around list entries is trimmed, and a malformed entry is reported and skipped
 *   instead of failing the whole pool; a list may mix CIDRs and ranges (`/` decides per entry);
 * - a requested (static) address must be inside the pool, unless no pool applies or the pool is
 *   DHCP (`0.0.0.0/32`); IPv4 `.0`/`.255` inside the pool may be requested;
 * - in use means every Service and Gateway in the cluster, not only Services labelled
 *   `implementation=kube-vip` in the pool's scope.
 *
 * @example
 * ```ts
 * import { AddressesInUse, allocate, parsePoolConfig, requestAddress, selectPool } from "./ipam.ts";
 *
 * const config = parsePoolConfig({ "range-global": "172.18.100.10-172.18.100.30" });
 * const pool = selectPool("team-a", { config })!;
 * const inUse = new AddressesInUse();
 * inUse.add("172.18.100.10", "Service team-a/web");
 *
 * const pass = inUse.overlay();
 * const result = allocate(pool, pass); // { ok: true, address: "172.18.100.11" }
 * if (result.ok) pass.add(result.address, "Gateway team-a/gw");
 *
 * requestAddress("172.18.100.10", pool, pass, { owner: "Gateway team-a/other" });
 * // { ok: false, reason: "AddressNotUsable", message: "172.18.100.10 is in use by Service team-a/web" }
 * ```
 *
 * @module
 */
export { type Family } from "./ipam/address.ts";
export { parsePoolConfig, type PoolConfig } from "./ipam/config.ts";
export { type Pool, type PoolDiagnostic, type PoolScope } from "./ipam/pool.ts";
export { type PoolSources, selectPool } from "./ipam/select.ts";
export { AddressesInUse } from "./ipam/in_use.ts";
export {
  allocate,
  type AllocateOptions,
  type AllocationResult,
  type PoolFigures,
  poolFigures,
} from "./ipam/allocate.ts";
export { requestAddress, type RequestOptions } from "./ipam/request.ts";
export { PendingAllocations, type PendingOptions } from "./ipam/pending.ts";
export {
  gatewayAddresses,
  type GatewayAddressFields,
  LOADBALANCER_IPS_ANNOTATION,
  ownerName,
  serviceAddresses,
  type ServiceAddressFields,
  updateOwner,
} from "./ipam/objects.ts";
