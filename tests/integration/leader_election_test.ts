/**
 * End to end: two controller processes with leader election.
 */
import assert from "node:assert/strict";
import type { Gateway, Lease } from "../../lib/types/mod.ts";
import { conditionOf, eventually, startCluster } from "../helpers/cluster.ts";
import { basics, docs, gateway, GW, listener } from "../helpers/fixtures.ts";
import { waitFor } from "../helpers/wait_for.ts";

const LEASE_MS = 3_000;
const RETRY_MS = 250;
const FLAGS = [
  "--leader-elect",
  "--leader-election-namespace=kube-system",
  `--leader-election-lease-duration=${LEASE_MS}ms`,
  "--leader-election-renew-deadline=2s",
  `--leader-election-retry-period=${RETRY_MS}ms`,
];
const WRITE_LOG =
  /^(Service|EndpointSlice|Gateway|GatewayClass|TCPRoute|UDPRoute) (created|updated|deleted|status updated)$|^finalizer/;

Deno.test("with leader election only the leader writes; a standby takes over within one lease of the leader's death, and SIGTERM releases the lease", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics());
  const leader = await cluster.startController(FLAGS);
  await waitFor(() => leader.logs.some((l) => l.msg === "started leading"), {
    what: "the first process to lead",
  });
  const standby = await cluster.startController(FLAGS);
  await waitFor(() => standby.logs.some((l) => l.msg === "leader observed"), {
    what: "the standby to see the leader",
  });

  cluster.apply(docs(gateway("apps", "one", [listener("a", "TCP", 1000)])));
  await eventually(
    () => cluster.get<Gateway>(GW, "Gateway", "apps", "one"),
    (g) => conditionOf(g, "Programmed")?.status === "True",
    "one Programmed",
  );
  assert.ok(leader.logs.some((l) => WRITE_LOG.test(String(l.msg))), "the leader wrote");
  assert.deepEqual(
    standby.logs.filter((l) => WRITE_LOG.test(String(l.msg))),
    [],
    "the standby wrote nothing",
  );

  await leader.stop("SIGKILL");
  // The lease was last renewed at most one retry period before the kill; it expires one lease
  // duration after that renewal, and the standby notices within one more retry period.
  await waitFor(() => standby.logs.some((l) => l.msg === "started leading"), {
    what: "the standby to take over",
    deadline: LEASE_MS + 2 * RETRY_MS + 2_000,
  });
  cluster.apply(docs(gateway("apps", "two", [listener("a", "TCP", 1000)])));
  await eventually(
    () => cluster.get<Gateway>(GW, "Gateway", "apps", "two"),
    (g) => conditionOf(g, "Programmed")?.status === "True",
    "two Programmed by the new leader",
  );

  assert.equal(await standby.stop("SIGTERM"), 0);
  const lease = cluster.get<Lease>("coordination.k8s.io/v1", "Lease", "kube-system", "l4gw-leader");
  assert.equal(
    lease?.spec?.holderIdentity ?? "",
    "",
    "the lease is released on SIGTERM, so a standby need not wait",
  );
});
