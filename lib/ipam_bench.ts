/**
 * IPAM benchmark (`deno task bench ipam`): allocation time and memory with 50,000 addresses in use
 * in an IPv4 /8 and in an IPv6 /64, and the time to build the in-use view from 50,000 addresses.
 * Prints figures; asserts nothing. Re-runs itself with `--expose-gc` so heap figures are retained
 * memory, not garbage.
 *
 * @module
 */
import { formatAddress, parseAddress } from "./ipam/address.ts";
import { AddressesInUse, allocate, parsePoolConfig, type Pool } from "./ipam.ts";

const IN_USE = 50_000;
const RUNS = 5_000;

declare const gc: (() => void) | undefined;

function heap(): number {
  gc?.();
  return Deno.memoryUsage().heapUsed;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function us(ms: number): string {
  return `${(ms * 1000).toFixed(1)} µs`;
}

/** `count` addresses of the pool, the first ones allocation would hand out (or scattered). */
function addresses(first: string, count: number, step: (i: number) => bigint): string[] {
  const start = parseAddress(first);
  if (typeof start === "string") throw new Error(start);
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const value = start.value + step(i);
    const last = value & 0xffn;
    if (start.family === 4 && (last === 0n || last === 0xffn)) continue;
    out.push(formatAddress(start.family, value));
  }
  return out;
}

function shuffle<T>(items: T[]): T[] {
  let seed = 42;
  for (let i = items.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function scenario(label: string, pool: Pool, used: string[]): void {
  const before = heap();
  const start = performance.now();
  const inUse = new AddressesInUse();
  for (const [i, address] of used.entries()) inUse.add(address, `Service ns/svc-${i}`);
  const build = performance.now() - start;
  const retained = heap() - before;

  const times: number[] = [];
  let address = "";
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const result = allocate(pool, inUse);
    times.push(performance.now() - t);
    if (result.ok) address = result.address;
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;

  const pass = inUse.overlay();
  const passStart = performance.now();
  for (let i = 0; i < 1000; i++) {
    const result = allocate(pool, pass);
    if (result.ok) pass.add(result.address, `Gateway ns/gw-${i}`);
  }
  const passMs = performance.now() - passStart;

  console.log(`${label}: ${used.length} in use, pool size ${pool.size}`);
  console.log(
    `  build the in-use view: ${build.toFixed(1)} ms (${us(build / used.length)} per add)`,
  );
  console.log(
    `  retained heap: ${(retained / 1e6).toFixed(2)} MB (${
      (retained / used.length).toFixed(0)
    } B per address)`,
  );
  console.log(
    `  allocate: mean ${us(mean)}, p99 ${us(percentile(times, 0.99))}, max ${
      us(times[times.length - 1]!)
    } over ${RUNS} runs → ${address}`,
  );
  console.log(
    `  one pass handing out 1,000 addresses in an overlay: ${passMs.toFixed(1)} ms (${
      us(passMs / 1000)
    } each)`,
  );
  if (!inUse.has(used[0]!)) throw new Error("the view lost an address"); // keeps inUse alive
}

function pool(data: Record<string, string>): Pool {
  return parsePoolConfig(data).pools.values().next().value!;
}

if (import.meta.main) {
  if (typeof gc === "undefined" && !Deno.env.get("IPAM_BENCH_CHILD")) {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--v8-flags=--expose-gc", import.meta.filename!],
      env: { IPAM_BENCH_CHILD: "1" },
      stdout: "inherit",
      stderr: "inherit",
    });
    Deno.exit((await child.spawn().status).code);
  }
  const slash8 = pool({ "cidr-global": "10.0.0.0/8" });
  const slash64 = pool({ "cidr-global": "2001:db8:0:1::/64" });
  const ordered = (i: number) => BigInt(i);
  const scattered = (i: number) => BigInt(i) * 331n + 7n;
  scenario(
    "IPv4 /8, the first 50,000 addresses in use",
    slash8,
    shuffle(addresses("10.0.0.0", IN_USE, ordered)),
  );
  scenario(
    "IPv4 /8, 50,000 addresses scattered",
    slash8,
    shuffle(addresses("10.0.0.0", IN_USE, scattered)),
  );
  scenario(
    "IPv6 /64, the first 50,000 addresses in use",
    slash64,
    shuffle(addresses("2001:db8:0:1::", IN_USE, ordered)),
  );
  scenario(
    "IPv4 /16, the first 10,000 addresses in use",
    pool({ "cidr-global": "10.1.0.0/16" }),
    shuffle(addresses("10.1.0.0", 10_000, ordered)),
  );
}
