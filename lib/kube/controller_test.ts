import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import { Metrics } from "../metrics.ts";
import { waitFor } from "../../tests/helpers/wait_for.ts";
import { Controller, type Reconciler, TerminalError } from "./controller.ts";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => resolve = r);
  return { promise, resolve };
}

function setup(reconcile: Reconciler, workers = 1) {
  const clock = new FakeClock();
  const metrics = new Metrics();
  const controller = new Controller({ name: "test", reconcile, workers, clock, metrics });
  return { clock, metrics, controller };
}

Deno.test("workers start only after every cache has synced", async () => {
  const seen: string[] = [];
  const synced = deferred();
  const controller = new Controller({
    name: "t",
    clock: new FakeClock(),
    waitFor: [{ whenSynced: () => synced.promise }],
    reconcile: (key) => void seen.push(key),
  });
  controller.enqueue("a");
  const started = controller.start();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(seen, []);
  synced.resolve();
  await started;
  await waitFor(() => seen.length === 1, { what: "the queued key reconciled" });
  await controller.stop();
});

Deno.test("a transient failure is retried with backoff until it succeeds, and counted", async () => {
  let calls = 0;
  const { clock, metrics, controller } = setup(() => {
    if (++calls <= 2) throw new Error("apiserver hiccup");
  });
  await controller.start();
  controller.enqueue("ns/a");
  await waitFor(() => calls === 1);
  await waitFor(() => controller.queue.delayed === 1);
  clock.advance(5);
  await waitFor(() => calls === 2);
  await waitFor(() => controller.queue.delayed === 1);
  clock.advance(9);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(calls, 2, "the second retry waits 10 ms");
  clock.advance(1);
  await waitFor(() => calls === 3);
  await controller.stop();
  const text = await metrics.render();
  assert.match(text, /controller_runtime_reconcile_errors_total\{controller="test"\} 2/);
  assert.match(text, /controller_runtime_reconcile_total\{controller="test",result="success"\} 1/);
  assert.match(text, /controller_runtime_reconcile_total\{controller="test",result="error"\} 2/);
  assert.match(text, /controller_runtime_max_concurrent_reconciles\{controller="test"\} 1/);
  assert.match(text, /controller_runtime_reconcile_time_seconds_count\{controller="test"\} 3/);
});

Deno.test("a terminal error is recorded and not retried", async () => {
  let calls = 0;
  const { clock, metrics, controller } = setup(() => {
    calls++;
    throw new TerminalError("spec names a class that cannot exist");
  });
  await controller.start();
  controller.enqueue("a");
  await waitFor(() => calls === 1);
  clock.advance(60_000);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(calls, 1);
  assert.equal(controller.queue.delayed, 0);
  await controller.stop();
  assert.match(
    await metrics.render(),
    /controller_runtime_terminal_reconcile_errors_total\{controller="test"\} 1/,
  );
});

Deno.test("requeueAfter processes the key again after that wait", async () => {
  let calls = 0;
  const { clock, metrics, controller } = setup(
    () => (++calls === 1 ? { requeueAfter: 30_000 } : {}),
  );
  await controller.start();
  controller.enqueue("a");
  await waitFor(() => calls === 1);
  clock.advance(29_999);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(calls, 1);
  clock.advance(1);
  await waitFor(() => calls === 2);
  await controller.stop();
  assert.match(
    await metrics.render(),
    /controller_runtime_reconcile_total\{controller="test",result="requeue_after"\} 1/,
  );
});

Deno.test("with several workers one key is never reconciled twice at once, and a change in flight is processed after", async () => {
  let running = 0;
  let maxRunning = 0;
  let calls = 0;
  const gate = deferred();
  const { controller } = setup(async (key) => {
    if (key !== "same") return;
    calls++;
    running++;
    maxRunning = Math.max(maxRunning, running);
    if (calls === 1) await gate.promise;
    running--;
  }, 4);
  await controller.start();
  controller.enqueue("same");
  await waitFor(() => calls === 1);
  controller.enqueue("same");
  controller.enqueue("same");
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(calls, 1, "the re-added key waits for the one in flight");
  gate.resolve();
  await waitFor(() => calls === 2, { what: "the key processed again after the change" });
  await controller.stop();
  assert.equal(maxRunning, 1);
});

Deno.test("an exception that is not an Error does not stop the workers", async () => {
  const seen: string[] = [];
  const { controller } = setup((key) => {
    seen.push(key);
    if (key === "bad") throw "a string, not an Error";
  });
  await controller.start();
  controller.enqueue("bad");
  controller.enqueue("good");
  await waitFor(() => seen.includes("good"));
  await controller.stop();
});

Deno.test("stop waits for the reconcile in flight, and aborts its signal only after the grace period", async () => {
  const gate = deferred();
  let signal: AbortSignal | undefined;
  let finished = false;
  const { clock, controller } = setup(async (_key, s) => {
    signal = s;
    await gate.promise;
    finished = true;
  });
  await controller.start();
  controller.enqueue("a");
  await waitFor(() => signal !== undefined);
  let stopped = false;
  const stopping = controller.stop(1000).then(() => stopped = true);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(stopped, false);
  assert.equal(signal!.aborted, false);
  clock.advance(1000);
  assert.equal(signal!.aborted, true, "after the grace period the reconcile is told to abort");
  gate.resolve();
  await stopping;
  assert.equal(finished, true);
});

Deno.test("a controller with zero workers is refused with the value", () => {
  assert.throws(
    () => new Controller({ name: "x", workers: 0, reconcile: () => {} }),
    /controller "x" with 0 workers/,
  );
});
