import assert from "node:assert/strict";
import { Metrics } from "./metrics.ts";

Deno.test("every controller-runtime metric family is exposed under its Go name", async () => {
  const m = new Metrics();
  m.controller("gateway").workers(2, 1);
  m.workQueue("gateway").added();
  m.leaderElection("l4gw").leading(true);
  const text = await m.render();
  for (
    const name of [
      "controller_runtime_reconcile_total",
      "controller_runtime_reconcile_errors_total",
      "controller_runtime_terminal_reconcile_errors_total",
      "controller_runtime_reconcile_time_seconds",
      "controller_runtime_max_concurrent_reconciles",
      "controller_runtime_active_workers",
      "workqueue_depth",
      "workqueue_adds_total",
      "workqueue_queue_duration_seconds",
      "workqueue_work_duration_seconds",
      "workqueue_unfinished_work_seconds",
      "workqueue_longest_running_processor_seconds",
      "workqueue_retries_total",
      "leader_election_master_status",
    ]
  ) assert.match(text, new RegExp(`^# TYPE ${name} `, "m"), name);
  assert.match(text, /leader_election_master_status\{name="l4gw"\} 1/);
  assert.match(text, /controller_runtime_active_workers\{controller="gateway"\} 1/);
  assert.match(
    text,
    /controller_runtime_reconcile_total\{controller="gateway",result="success"\} 0/,
  );
});

Deno.test("a reconcile is counted by result and timed", async () => {
  const m = new Metrics();
  const c = m.controller("route");
  c.reconciled("success", 0.02);
  c.reconciled("requeue_after", 0.5);
  c.failed(false);
  const text = await m.render();
  assert.match(text, /controller_runtime_reconcile_total\{controller="route",result="success"\} 1/);
  assert.match(text, /controller_runtime_reconcile_time_seconds_sum\{controller="route"\} 0.52/);
  assert.match(text, /controller_runtime_reconcile_errors_total\{controller="route"\} 1/);
  assert.match(text, /controller_runtime_terminal_reconcile_errors_total\{controller="route"\} 0/);
  assert.match(m.contentType, /^text\/plain/);
});
