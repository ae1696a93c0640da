import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import { Metrics } from "../metrics.ts";
import { ItemExponentialRateLimiter } from "./rate_limiter.ts";
import { WorkQueue } from "./workqueue.ts";

Deno.test("a key added many times is processed once, and keys come out in first-added order", async () => {
  const queue = new WorkQueue({ clock: new FakeClock() });
  for (const key of ["a", "b", "a", "c", "b", "a"]) queue.add(key);
  assert.equal(queue.length, 3);
  assert.deepEqual([await queue.get(), await queue.get(), await queue.get()], ["a", "b", "c"]);
});

Deno.test("a key is never handed to two workers at once; re-added in flight, it comes back after done", async () => {
  const queue = new WorkQueue({ clock: new FakeClock() });
  queue.add("a");
  const first = await queue.get();
  queue.add("a");
  assert.equal(queue.length, 0, "the in-flight key is not queued a second time");
  let second: string | undefined;
  const waiting = queue.get().then((k) => second = k);
  await Promise.resolve();
  assert.equal(second, undefined, "a second worker waits instead of getting the in-flight key");
  queue.done(first!);
  await waiting;
  assert.equal(second, "a");
});

Deno.test("an idle worker is woken by add", async () => {
  const queue = new WorkQueue({ clock: new FakeClock() });
  const got = queue.get();
  queue.add("x");
  assert.equal(await got, "x");
});

Deno.test("addAfter queues the key only when its time comes, and the earliest time wins", async () => {
  const clock = new FakeClock();
  const queue = new WorkQueue({ clock });
  queue.addAfter("a", 1000);
  queue.addAfter("a", 300);
  queue.addAfter("a", 2000);
  assert.equal(queue.length, 0);
  assert.equal(queue.delayed, 1);
  clock.advance(299);
  assert.equal(queue.length, 0);
  clock.advance(1);
  assert.equal(queue.length, 1);
  assert.equal(await queue.get(), "a");
  clock.advance(5000);
  assert.equal(queue.length, 0, "the later timers were replaced, not kept");
});

Deno.test("a failing key is retried after 5, 10, 20 ms, and after forget starts at 5 ms again", async () => {
  const clock = new FakeClock();
  const queue = new WorkQueue({ clock, rateLimiter: new ItemExponentialRateLimiter() });
  const retryDelay = async () => {
    const key = (await queue.get())!;
    queue.addRateLimited(key);
    queue.done(key);
    let waited = 0;
    while (queue.length === 0) {
      clock.advance(1);
      waited++;
    }
    return waited;
  };
  queue.add("a");
  assert.deepEqual([await retryDelay(), await retryDelay(), await retryDelay()], [5, 10, 20]);
  assert.equal(queue.numRequeues("a"), 3);
  queue.forget("a");
  assert.equal(queue.numRequeues("a"), 0);
  assert.equal(await retryDelay(), 5);
});

Deno.test("shutdown wakes idle workers, refuses new keys, and waits for in-flight work", async () => {
  const queue = new WorkQueue({ clock: new FakeClock() });
  queue.add("a");
  const key = await queue.get();
  const idle = queue.get();
  let drained = false;
  const drain = queue.shutDown().then(() => drained = true);
  assert.equal(await idle, undefined);
  queue.add("b");
  assert.equal(queue.length, 0);
  await Promise.resolve();
  assert.equal(drained, false, "the in-flight key is not done yet");
  queue.done(key!);
  await drain;
  assert.equal(drained, true);
  assert.equal(await queue.get(), undefined);
});

Deno.test("queue metrics use client-go's names", async () => {
  const clock = new FakeClock();
  const m = new Metrics();
  const queue = new WorkQueue({ clock, metrics: m.workQueue("gateway") });
  queue.add("a");
  queue.add("b");
  clock.advance(2000);
  const key = await queue.get();
  clock.advance(3000);
  queue.addRateLimited("c");
  const text = await m.render();
  assert.match(text, /workqueue_adds_total\{name="gateway",controller="gateway"\} 2/);
  assert.match(text, /workqueue_depth\{name="gateway",controller="gateway"\} 1/);
  assert.match(text, /workqueue_retries_total\{name="gateway",controller="gateway"\} 1/);
  assert.match(
    text,
    /workqueue_queue_duration_seconds_sum\{name="gateway",controller="gateway"\} 2/,
  );
  assert.match(
    text,
    /workqueue_longest_running_processor_seconds\{name="gateway",controller="gateway"\} 3/,
  );
  assert.match(text, /workqueue_unfinished_work_seconds\{name="gateway",controller="gateway"\} 3/);
  queue.done(key!);
  assert.match(
    await m.render(),
    /workqueue_work_duration_seconds_sum\{name="gateway",controller="gateway"\} 3/,
  );
});
