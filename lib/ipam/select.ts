/**
 * Which pool a Gateway draws from.
 *
 * @module
 */
import type { PoolConfig } from "./config.ts";
import { AddressPool, type Pool } from "./pool.ts";

/** Where {@link selectPool} looks, first to last. */
export interface PoolSources {
  /** The GatewayClass's own config (its `parametersRef` ConfigMap), if it has one. */
  readonly classConfig?: PoolConfig | undefined;
  /** The cluster config (the `kubevip` ConfigMap in `kube-system`). */
  readonly config?: PoolConfig | undefined;
}

/** The keys a namespace's Gateways draw from, first to last. */
export function poolKeys(namespace: string): readonly string[] {
  return [`cidr-${namespace}`, `range-${namespace}`, "cidr-global", "range-global"];
}

function first(namespace: string, config: PoolConfig | undefined): Pool | undefined {
  if (!config) return undefined;
  for (const key of poolKeys(namespace)) {
    const pool = config.pools.get(key);
    if (pool) return pool;
  }
  return undefined;
}

/**
 * The pool for a Gateway in `namespace`. The class config comes first: its own `cidr-<namespace>`,
 * `range-<namespace>`, `cidr-global`, `range-global`, in that order; the pool found there has scope
 * `class`. Then the cluster config, by the same order. A namespace's own keys win over global ones
 * (kube-vip-cloud-provider lets `cidr-global` beat `range-<namespace>`; we do not, on purpose). A
 * key that is present wins even when all its entries are malformed: a Gateway then gets no address
 * and the pool's diagnostics say why, rather than an address from a pool the operator did not mean.
 *
 * @returns the pool, or `undefined` when no key applies.
 * @example
 * ```ts
 * import { parsePoolConfig } from "../ipam.ts";
 *
 * const config = parsePoolConfig({ "range-global": "10.0.0.1-10.0.0.9", "cidr-team-a": "10.1.0.0/24" });
 * selectPool("team-a", { config })?.name; // "cidr-team-a"
 * selectPool("team-b", { config })?.name; // "range-global"
 * ```
 */
export function selectPool(namespace: string, sources: PoolSources): Pool | undefined {
  const own = first(namespace, sources.classConfig);
  if (own) return own instanceof AddressPool ? own.withScope("class") : own;
  return first(namespace, sources.config);
}
