import assert from "node:assert/strict";
import { waitFor } from "../../tests/helpers/wait_for.ts";
import { Metrics } from "../metrics.ts";
import type { Lease } from "../types/mod.ts";
import { withServer } from "./_fixture.ts";
import { type LeaderElectionOptions, LeaderElector } from "./leader_election.ts";
import { LEASES } from "./resources.ts";

const fast: Omit<LeaderElectionOptions, "identity"> = {
  namespace: "kube-system",
  name: "l4gw",
  leaseDurationMs: 3000,
  renewDeadlineMs: 2000,
  retryPeriodMs: 200,
};

Deno.test("of two candidates only one leads; after it stops, the standby leads within one lease duration", async () => {
  await withServer({}, async (_server, client) => {
    const log: string[] = [];
    const metrics = new Metrics();
    const make = (identity: string) =>
      new LeaderElector(client, {
        ...fast,
        identity,
        metrics,
        onStartedLeading: () => log.push(`${identity} started`),
        onStoppedLeading: () => log.push(`${identity} stopped`),
      });
    const a = make("a");
    const b = make("b");
    a.start();
    await waitFor(() => a.isLeader(), { what: "a to lead" });
    b.start();
    await waitFor(() => b.leader === "a", { what: "b to see a as leader" });
    assert.equal(b.isLeader(), false);
    const lease = await client.get(LEASES, "kube-system", "l4gw") as Lease;
    assert.equal(lease.spec?.holderIdentity, "a");
    assert.equal(lease.spec?.leaseDurationSeconds, 3);
    assert.match(lease.spec?.renewTime ?? "", /\.\d{6}Z$/, "MicroTime with 6 digits");
    assert.match(await metrics.render(), /leader_election_master_status\{name="l4gw"\} 1/);

    const stoppedAt = performance.now();
    await a.stop();
    assert.equal(a.isLeader(), false);
    const released = await client.get(LEASES, "kube-system", "l4gw") as Lease;
    assert.equal(released.spec?.holderIdentity, "", "the lease is released on stop");
    await waitFor(() => b.isLeader(), { what: "b to take over", deadline: 3000 });
    assert.ok(performance.now() - stoppedAt < 3000, "within one lease duration");
    const taken = await client.get(LEASES, "kube-system", "l4gw") as Lease;
    assert.equal(taken.spec?.holderIdentity, "b");
    assert.equal(taken.spec?.leaseTransitions, 1);
    await b.stop();
    assert.deepEqual(log, ["a started", "a stopped", "b started", "b stopped"]);
  });
});

Deno.test("a candidate does not take a lease its holder keeps renewing, even when it tries for longer than a lease", async () => {
  await withServer({}, async (_server, client) => {
    const a = new LeaderElector(client, { ...fast, identity: "a" });
    const b = new LeaderElector(client, { ...fast, identity: "b" });
    a.start();
    await waitFor(() => a.isLeader());
    b.start();
    const until = performance.now() + 4000;
    let twoLeaders = false;
    await waitFor(() => {
      twoLeaders ||= a.isLeader() && b.isLeader();
      return performance.now() > until;
    }, { deadline: 6000, interval: 50 });
    assert.equal(twoLeaders, false, "never two leaders");
    assert.equal(a.isLeader(), true);
    assert.equal(b.isLeader(), false);
    await Promise.all([a.stop(), b.stop()]);
  });
});

Deno.test("a lease abandoned without release is taken over once it expires", async () => {
  await withServer({}, async (_server, client) => {
    await client.create(LEASES, {
      metadata: { namespace: "kube-system", name: "l4gw" },
      spec: {
        holderIdentity: "crashed",
        leaseDurationSeconds: 1,
        acquireTime: "2026-01-01T00:00:00.000000Z",
        renewTime: "2026-01-01T00:00:00.000000Z",
        leaseTransitions: 4,
      },
    });
    const b = new LeaderElector(client, { ...fast, identity: "b" });
    const started = performance.now();
    b.start();
    await waitFor(() => b.isLeader(), { what: "b to take the expired lease", deadline: 5000 });
    assert.ok(performance.now() - started >= 900, "not before the holder's lease duration passed");
    assert.equal(
      (await client.get(LEASES, "kube-system", "l4gw") as Lease).spec?.leaseTransitions,
      5,
    );
    await b.stop();
  });
});

Deno.test("inconsistent durations are refused with the values", () => {
  assert.throws(
    () =>
      new LeaderElector({} as never, {
        namespace: "n",
        name: "l",
        leaseDurationMs: 1000,
        renewDeadlineMs: 2000,
      }),
    /lease 1000 ms, renew deadline 2000 ms/,
  );
});
