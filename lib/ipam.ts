/**
 * STAND-IN for the IPAM module, written against `CONTRACTS.md` §2 so that `translate()` can be built
 * and tested before the `ipam` branch lands. It is replaced wholesale by that branch's `lib/ipam.ts`
 * at merge time (take theirs); nothing else in the translate area depends on more than the contract.
 *
 * Scope of this stand-in: `cidr-*` / `range-*` keys, comma lists, IPv4 and IPv6, `search-order=desc`,
 * `skip-end-ips-in-cidr=true`, `0.0.0.0/32` as DHCP, IPv4 `.0`/`.255` skipped at allocation.
 *
 * @module
 */

/** A malformed ConfigMap entry, reported and skipped. */
export interface PoolDiagnostic {
  key: string;
  entry: string;
  message: string;
}

interface Span {
  start: bigint;
  end: bigint;
  v6: boolean;
  cidr: boolean;
}

/** An address pool from one ConfigMap key. */
export interface Pool {
  readonly name: string;
  readonly scope: "class" | "namespace" | "global";
  readonly dhcp: boolean;
  readonly order: "asc" | "desc";
  readonly size: bigint;
  describe(): string;
  contains(address: string): boolean;
}

/** A parsed IPAM ConfigMap. */
export interface PoolConfig {
  readonly diagnostics: readonly PoolDiagnostic[];
  readonly pools: ReadonlyMap<string, Pool>;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    value = (value << 8n) + BigInt(p);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  if (!text.includes(":") || !/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) + BigInt(parseInt(g, 16));
  }
  return value;
}

/** Parses an IPv4 or IPv6 address to a number; undefined when it is not one. */
export function parseAddress(text: string): { value: bigint; v6: boolean } | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { value: v4, v6: false };
  const v6 = parseV6(text);
  return v6 === undefined ? undefined : { value: v6, v6: true };
}

function formatAddress(value: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

function parseEntry(entry: string): Span | string {
  if (entry.includes("/")) {
    const [addr = "", bitsText = ""] = entry.split("/");
    const parsed = parseAddress(addr);
    const width = parsed?.v6 ? 128 : 32;
    const bits = Number(bitsText);
    if (!parsed || !/^\d+$/.test(bitsText) || bits > width) return "is not a valid CIDR";
    const host = BigInt(width - bits);
    const start = (parsed.value >> host) << host;
    return { start, end: start + (1n << host) - 1n, v6: parsed.v6, cidr: true };
  }
  const ends = entry.split("-");
  if (ends.length !== 2) return "is neither a CIDR nor a start-end range";
  const a = parseAddress(ends[0]!);
  const b = parseAddress(ends[1]!);
  if (!a || !b) return "has an end that is not an IP address";
  if (a.v6 !== b.v6) return "mixes IPv4 and IPv6";
  if (a.value > b.value) return "has its start after its end";
  return { start: a.value, end: b.value, v6: a.v6, cidr: false };
}

function makePool(
  name: string,
  scope: Pool["scope"],
  spans: Span[],
  order: "asc" | "desc",
  skipEnds: boolean,
): Pool {
  const dhcp = spans.length === 1 && spans[0]!.cidr && !spans[0]!.v6 && spans[0]!.start === 0n &&
    spans[0]!.end === 0n;
  const usable = spans.map((s) =>
    skipEnds && s.cidr && !s.v6 && s.end - s.start >= 3n
      ? { ...s, start: s.start + 1n, end: s.end - 1n }
      : s
  ).sort((a, b) => (a.v6 === b.v6 ? (a.start < b.start ? -1 : 1) : a.v6 ? 1 : -1));
  return {
    name,
    scope,
    dhcp,
    order,
    size: usable.reduce((n, s) => n + s.end - s.start + 1n, 0n),
    spans: usable,
    describe: () =>
      usable.map((s) =>
        s.start === s.end
          ? formatAddress(s.start, s.v6)
          : `${formatAddress(s.start, s.v6)}-${formatAddress(s.end, s.v6)}`
      ).join(","),
    contains(address: string) {
      const a = parseAddress(address);
      return !!a && usable.some((s) => s.v6 === a.v6 && s.start <= a.value && a.value <= s.end);
    },
  } as Pool & { spans: Span[] };
}

/** Parses the data of an IPAM ConfigMap; malformed entries become diagnostics. */
export function parsePoolConfig(data: Readonly<Record<string, string>>): PoolConfig {
  const diagnostics: PoolDiagnostic[] = [];
  const pools = new Map<string, Pool>();
  const order = data["search-order"] === "desc" ? "desc" : "asc";
  const skipEnds = data["skip-end-ips-in-cidr"] === "true";
  for (const [key, value] of Object.entries(data).sort(([a], [b]) => a < b ? -1 : 1)) {
    const m = /^(cidr|range)-(.+)$/.exec(key);
    if (!m) continue;
    const spans: Span[] = [];
    for (const raw of value.split(",")) {
      const entry = raw.trim();
      if (!entry) continue;
      const span = parseEntry(entry);
      if (typeof span === "string") {
        diagnostics.push({ key, entry, message: `entry "${entry}" in key ${key} ${span}` });
      } else spans.push(span);
    }
    const scope = m[2] === "global" ? "global" : "namespace";
    pools.set(key, makePool(key, scope, spans, order, skipEnds));
  }
  return { diagnostics, pools };
}

/** Chooses the pool for a namespace: class config first, then namespace keys, then global keys. */
export function selectPool(
  namespace: string,
  sources: { classConfig?: PoolConfig; config?: PoolConfig },
): Pool | undefined {
  const keys = [`cidr-${namespace}`, `range-${namespace}`, "cidr-global", "range-global"];
  for (const config of [sources.classConfig, sources.config]) {
    if (!config) continue;
    for (const key of keys) {
      const pool = config.pools.get(key);
      if (pool) return config === sources.classConfig ? { ...pool, scope: "class" } : pool;
    }
  }
  return undefined;
}

/** Addresses in use, each with its owners. */
export class AddressesInUse {
  #own = new Map<string, Set<string>>();
  #parent: AddressesInUse | undefined;

  constructor(parent?: AddressesInUse) {
    this.#parent = parent;
  }

  /** Records that `owner` uses `address`. */
  add(address: string, owner: string): void {
    const set = this.#own.get(address) ?? new Set();
    set.add(owner);
    this.#own.set(address, set);
  }

  /** Forgets that `owner` uses `address` (in this view). */
  remove(address: string, owner: string): void {
    this.#own.get(address)?.delete(owner);
  }

  /** Everyone using `address`. */
  owners(address: string): readonly string[] {
    const all = new Set([
      ...(this.#parent?.owners(address) ?? []),
      ...(this.#own.get(address) ?? []),
    ]);
    return [...all];
  }

  /** Whether anyone uses `address`. */
  has(address: string): boolean {
    return this.owners(address).length > 0;
  }

  /** Number of addresses in use. */
  get size(): number {
    return this.#own.size + (this.#parent?.size ?? 0);
  }

  /** A child view: reads see parent and own entries, writes stay local. */
  overlay(): AddressesInUse {
    return new AddressesInUse(this);
  }
}

/** The outcome of an allocation. */
export type AllocationResult =
  | { ok: true; address: string }
  | { ok: false; reason: "AddressNotAssigned" | "AddressNotUsable"; message: string };

/** Lowest (or highest, with `search-order=desc`) free address of the pool. */
export function allocate(
  pool: Pool,
  inUse: AddressesInUse,
  options: { family?: 4 | 6 } = {},
): AllocationResult {
  if (pool.dhcp) return { ok: true, address: "0.0.0.0" };
  const spans = (pool as Pool & { spans: Span[] }).spans.filter((s) =>
    options.family === undefined || s.v6 === (options.family === 6)
  );
  const ordered = pool.order === "desc" ? [...spans].reverse() : spans;
  for (const s of ordered) {
    const size = s.end - s.start + 1n;
    for (let i = 0n; i < size; i++) {
      const value = pool.order === "desc" ? s.end - i : s.start + i;
      if (!s.v6 && ((value & 255n) === 0n || (value & 255n) === 255n)) continue;
      const address = formatAddress(value, s.v6);
      if (!inUse.has(address)) return { ok: true, address };
    }
  }
  return {
    ok: false,
    reason: "AddressNotAssigned",
    message: `no addresses available in pool ${pool.name} (${pool.describe()})`,
  };
}

/** Checks a requested static address: valid, inside the pool, not used by anyone else. */
export function requestAddress(
  address: string,
  pool: Pool | undefined,
  inUse: AddressesInUse,
  options: { owner: string },
): AllocationResult {
  if (!parseAddress(address)) {
    return { ok: false, reason: "AddressNotUsable", message: `${address} is not an IP address` };
  }
  if (pool && !pool.dhcp && !pool.contains(address)) {
    return {
      ok: false,
      reason: "AddressNotUsable",
      message: `${address} is outside pool ${pool.name} (${pool.describe()})`,
    };
  }
  const others = inUse.owners(address).filter((o) => o !== options.owner);
  if (others.length > 0) {
    return {
      ok: false,
      reason: "AddressNotUsable",
      message: `${address} is already in use by ${others.join(", ")}`,
    };
  }
  return { ok: true, address };
}
