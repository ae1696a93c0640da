/**
 * Table tests that run as scripts (as MetalLB's allocator tests): every case in
 * `testdata/ipam/*.yaml` is a pool configuration and a list of steps run against one simulated
 * controller, each step with the address or the error it must give. The simulation keeps apart
 * what the API server holds (every write) and what the informer cache has seen so far, so that
 * allocations not yet visible in the cache and restarts can be scripted.
 *
 * Step kinds (owners are "Kind namespace/name"; the namespace picks the pool):
 * - `allocate: <owner>` (`family: 4|6`, `visible: false`): allocate and write the result; visible
 *   in the cache at once unless `visible: false`. `want`: the address or `Reason: message`.
 * - `request: <address>`, `owner: <owner>` (`visible: false`): the owner asks for an address.
 * - `use: <address>`, `owner: <owner>`: something else (a Service) holds an address.
 * - `release: <owner>`: the owner is deleted; its addresses are free.
 * - `observe: <owner>`: the cache catches up with the owner's written addresses.
 * - `advance: <ms>`: time passes. `restart: true`: the controller restarts.
 * - `pool: <namespace>`: `want` the pool chosen, `name (scope): description`, or `none`.
 * - `figures: <namespace>`: `want` `size S, used U, free F, reserved R` of that namespace's pool.
 *
 * @module
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { FakeClock } from "./clock.ts";
import {
  AddressesInUse,
  allocate,
  type AllocationResult,
  type Family,
  parsePoolConfig,
  PendingAllocations,
  poolFigures,
  type PoolSources,
  requestAddress,
  selectPool,
} from "./ipam.ts";

type Step = Record<string, unknown>;
interface Case {
  name: string;
  config?: Record<string, string>;
  classConfig?: Record<string, string>;
  diagnostics?: string[];
  steps: Step[];
}

const STEP_KEYS: Record<string, readonly string[]> = {
  allocate: ["want", "family", "visible"],
  request: ["owner", "want", "visible"],
  use: ["owner"],
  release: [],
  observe: [],
  advance: [],
  restart: [],
  pool: ["want"],
  figures: ["want"],
};

/** The API server, the informer cache and the controller's pending allocations. */
class World {
  readonly clock = new FakeClock(0);
  readonly cluster = new Map<string, string[]>();
  cache = new AddressesInUse();
  pending = new PendingAllocations({ clock: this.clock });

  constructor(readonly sources: PoolSources) {}

  /** What one reconcile pass sees: the cache plus what it does not show yet. */
  view(): AddressesInUse {
    const pass = this.cache.overlay();
    this.pending.addTo(pass);
    return pass;
  }

  write(address: string, owner: string, visible: boolean): void {
    this.cluster.set(owner, [...(this.cluster.get(owner) ?? []), address]);
    this.pending.record(address, owner);
    if (visible) this.observe(owner);
  }

  observe(owner: string): void {
    for (const address of this.cluster.get(owner) ?? []) {
      this.cache.add(address, owner);
      this.pending.confirm(address, owner);
    }
  }

  release(owner: string): void {
    for (const address of this.cluster.get(owner) ?? []) this.cache.remove(address, owner);
    this.cluster.delete(owner);
    this.pending.forget(owner);
  }

  restart(): void {
    this.pending = new PendingAllocations({ clock: this.clock });
    this.cache = new AddressesInUse();
    for (const [owner, addresses] of this.cluster) {
      for (const address of addresses) this.cache.add(address, owner);
    }
  }
}

function namespaceOf(owner: string): string {
  const match = /^\S+ ([^/]+)\/\S+$/.exec(owner);
  if (!match) throw new Error(`owner "${owner}" is not "Kind namespace/name"`);
  return match[1]!;
}

function show(result: AllocationResult): string {
  return result.ok ? result.address : `${result.reason}: ${result.message}`;
}

function run(world: World, step: Step): string | undefined {
  const [kind] = Object.keys(step).filter((k) => k in STEP_KEYS);
  assert.ok(kind, `step ${JSON.stringify(step)} has no known kind`);
  for (const key of Object.keys(step)) {
    assert.ok(key === kind || STEP_KEYS[kind]!.includes(key), `step ${kind}: unknown key ${key}`);
  }
  if (["allocate", "request", "pool", "figures"].includes(kind)) {
    assert.ok("want" in step, `step ${kind}: every ${kind} step says what it wants`);
  }
  const subject = String(step[kind]);
  const visible = step.visible !== false;
  const pool = (owner: string) => selectPool(namespaceOf(owner), world.sources);
  switch (kind) {
    case "allocate": {
      const family = step.family as Family | undefined;
      const chosen = pool(subject);
      assert.ok(chosen, `no pool for ${subject}`);
      const result = allocate(chosen, world.view(), { family });
      if (result.ok) world.write(result.address, subject, visible);
      return show(result);
    }
    case "request": {
      const owner = String(step.owner);
      const result = requestAddress(subject, pool(owner), world.view(), { owner });
      if (result.ok) world.write(result.address, owner, visible);
      return show(result);
    }
    case "use": {
      const owner = String(step.owner);
      world.cluster.set(owner, [...(world.cluster.get(owner) ?? []), subject]);
      return void world.observe(owner);
    }
    case "release":
      return void world.release(subject);
    case "observe":
      return void world.observe(subject);
    case "advance":
      return void world.clock.advance(Number(subject));
    case "restart":
      return void world.restart();
    case "pool": {
      const chosen = selectPool(subject, world.sources);
      return chosen ? `${chosen.name} (${chosen.scope}): ${chosen.describe()}` : "none";
    }
    case "figures": {
      const chosen = selectPool(subject, world.sources);
      assert.ok(chosen, `no pool for namespace ${subject}`);
      const f = poolFigures(chosen, world.view());
      return `size ${f.size}, used ${f.used}, free ${f.free}, reserved ${f.reserved}`;
    }
  }
  return undefined;
}

const dir = new URL("./testdata/ipam/", import.meta.url);
const files = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".yaml"))
  .sort();

Deno.test("the IPAM scripts exist", () => assert.ok(files.length > 0, `no scripts in ${dir}`));

for (const file of files) {
  const cases = parse(Deno.readTextFileSync(new URL(file, dir))) as Case[];
  for (const c of cases) {
    Deno.test(`${file.replace(/\.yaml$/, "")}: ${c.name}`, () => {
      const config = c.config ? parsePoolConfig(c.config) : undefined;
      const classConfig = c.classConfig ? parsePoolConfig(c.classConfig) : undefined;
      const diagnostics = [...(classConfig?.diagnostics ?? []), ...(config?.diagnostics ?? [])];
      assert.deepEqual(diagnostics.map((d) => d.message), c.diagnostics ?? []);
      const world = new World({ config, classConfig });
      c.steps.forEach((step, index) => {
        const got = run(world, step);
        if ("want" in step) {
          assert.equal(got, String(step.want), `step ${index + 1}: ${JSON.stringify(step)}`);
        }
      });
    });
  }
}
