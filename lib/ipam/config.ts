/**
 * The pool configuration: a kube-vip-cloud-provider ConfigMap's `data` (or a GatewayClass's
 * parameters ConfigMap) parsed into pools, one per `cidr-*` / `range-*` key, with a diagnostic for
 * every malformed entry. A malformed entry is skipped and the rest of its pool keeps working
 * (kube-vip-cloud-provider fails the whole sync instead).
 *
 * @module
 */
import { entryLabel, parseEntry } from "./entry.ts";
import { AddressPool, type Pool, type PoolDiagnostic, type PoolScope } from "./pool.ts";
import { type KeyRange, mergeRanges, prefixesOf } from "./ranges.ts";
import { V6_BASE } from "./address.ts";

/** A parsed pool configuration. */
export interface PoolConfig {
  /** Every malformed entry or setting, in key order; each was skipped. */
  readonly diagnostics: readonly PoolDiagnostic[];
  /** The pools by ConfigMap key (`cidr-global`, `range-team-a`, …), including empty ones. */
  readonly pools: ReadonlyMap<string, Pool>;
  /** `search-order`: `desc` hands out the highest free address first. @default "asc" */
  readonly order: "asc" | "desc";
  /** `skip-end-ips-in-cidr=true`: each IPv4 CIDR prefix loses its first and last address. */
  readonly skipEndIpsInCidr: boolean;
}

const POOL_KEY = /^(cidr|range)-(.*)$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DHCP = "0.0.0.0/32";

function setting(
  data: Readonly<Record<string, string>>,
  key: string,
  values: readonly [string, string],
  diagnostics: PoolDiagnostic[],
): boolean {
  const value = data[key];
  if (value === undefined || value === values[0]) return false;
  if (value === values[1]) return true;
  const message = `${key} "${value}" is neither "${values[0]}" nor "${values[1]}"; ` +
    `using "${values[0]}"`;
  diagnostics.push({ key, entry: value, message });
  return false;
}

/** Drops the first and last address of every IPv4 prefix of /30 or wider (not /31, /32, IPv6). */
function skipEnds(cidrs: readonly KeyRange[]): KeyRange[] {
  return mergeRanges(cidrs).flatMap((range) =>
    prefixesOf(range).map((p) =>
      p.lo < V6_BASE && p.bits <= 30 ? { lo: p.lo + 1n, hi: p.hi - 1n } : p
    )
  );
}

function buildPool(
  key: string,
  value: string,
  scope: PoolScope,
  options: { order: "asc" | "desc"; skipEnds: boolean },
): AddressPool {
  const entries = value.split(",").map((e) => e.trim());
  const diagnostics: PoolDiagnostic[] = [];
  const report = (entry: string, message: string) => diagnostics.push({ key, entry, message });
  const base = { name: key, scope, order: options.order, diagnostics };
  if (entries.length === 1 && entries[0] === DHCP) {
    return new AddressPool({ ...base, dhcp: true, ranges: [] });
  }
  if (entries.every((e) => e === "")) {
    report(value, `key ${key} has no entries`);
    return new AddressPool({ ...base, dhcp: false, ranges: [] });
  }
  const cidrs: KeyRange[] = [];
  const ranges: KeyRange[] = [];
  for (const entry of entries) {
    if (entry === "") {
      report(entry, `empty entry in key ${key} (a stray comma?)`);
      continue;
    }
    if (entry === DHCP) {
      report(entry, `${entryLabel(key, entry)}: ${DHCP} means DHCP only as the key's sole entry`);
      continue;
    }
    const parsed = parseEntry(entry);
    if (typeof parsed === "string") report(entry, `${entryLabel(key, entry)}: ${parsed}`);
    else (parsed.kind === "cidr" ? cidrs : ranges).push(parsed.range);
  }
  const hosts = mergeRanges(options.skipEnds ? skipEnds(cidrs) : cidrs);
  const merged = mergeRanges([...hosts, ...ranges]);
  const cidrRanges = new Set(
    merged.filter((r) => hosts.some((h) => h.lo === r.lo && h.hi === r.hi)),
  );
  return new AddressPool({ ...base, dhcp: false, ranges: merged, cidrRanges });
}

/**
 * Parses a pool configuration: `cidr-<namespace>`, `range-<namespace>`, `cidr-global`,
 * `range-global` (comma lists of CIDRs and `start-end` ranges, IPv4 and IPv6, whitespace around
 * entries trimmed), `search-order` and `skip-end-ips-in-cidr`. Other keys are left alone.
 *
 * @param data the ConfigMap's `data`
 * @example
 * ```ts
 * const config = parsePoolConfig({
 *   "range-global": "172.18.100.10-172.18.100.30, 10.0.0.9-10.0.0.1",
 * });
 * config.pools.get("range-global")?.describe(); // "172.18.100.10-172.18.100.30"
 * config.diagnostics[0]?.message;
 * // `range "10.0.0.9-10.0.0.1" in key range-global: start is after end`
 * ```
 */
export function parsePoolConfig(data: Readonly<Record<string, string>>): PoolConfig {
  const diagnostics: PoolDiagnostic[] = [];
  const desc = setting(data, "search-order", ["asc", "desc"], diagnostics);
  const skipEndIpsInCidr = setting(data, "skip-end-ips-in-cidr", ["false", "true"], diagnostics);
  const order = desc ? "desc" : "asc";
  const pools = new Map<string, Pool>();
  for (const key of Object.keys(data).sort()) {
    const match = POOL_KEY.exec(key);
    if (!match) continue;
    const suffix = match[2]!;
    const value = data[key]!;
    if (suffix !== "global" && !NAMESPACE.test(suffix)) {
      const message = `key ${key}: "${suffix}" is not a namespace name, so no Gateway ever uses it`;
      diagnostics.push({ key, entry: value, message });
      continue;
    }
    const scope = suffix === "global" ? "global" : "namespace";
    const pool = buildPool(key, value, scope, { order, skipEnds: skipEndIpsInCidr });
    diagnostics.push(...pool.diagnostics);
    pools.set(key, pool);
  }
  return { diagnostics, pools, order, skipEndIpsInCidr };
}
