import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialRateLimiter,
} from "./rate_limiter.ts";

Deno.test("per-item backoff doubles from 5 ms and stops at 1000 s", () => {
  const limiter = new ItemExponentialRateLimiter();
  const delays = Array.from({ length: 20 }, () => limiter.when("a"));
  assert.deepEqual(delays.slice(0, 4), [5, 10, 20, 40]);
  assert.equal(delays.at(-1), 1_000_000);
  assert.equal(limiter.numRequeues("a"), 20);
  assert.equal(limiter.when("b"), 5, "another item has its own backoff");
});

Deno.test("forgetting an item resets its backoff", () => {
  const limiter = new ItemExponentialRateLimiter();
  limiter.when("a");
  limiter.when("a");
  limiter.forget("a");
  assert.equal(limiter.numRequeues("a"), 0);
  assert.equal(limiter.when("a"), 5);
});

Deno.test("a backoff with its base above its maximum is rejected with both values", () => {
  assert.throws(
    () => new ItemExponentialRateLimiter({ baseDelay: 10, maxDelay: 5 }),
    /baseDelay 10 ms and maxDelay 5 ms/,
  );
});

Deno.test("the token bucket allows a burst of 100, then 10 per second", () => {
  const clock = new FakeClock(0);
  const bucket = new BucketRateLimiter({ clock });
  for (let i = 0; i < 100; i++) assert.equal(bucket.when(`k${i}`), 0);
  assert.equal(bucket.when("x"), 100);
  assert.equal(bucket.when("y"), 200);
  clock.advance(1000);
  // 10 tokens refilled pay back the two borrowed ones; 8 free before waiting again
  for (let i = 0; i < 8; i++) assert.equal(bucket.when(`z${i}`), 0);
  assert.equal(bucket.when("w"), 100);
});

Deno.test("the default controller limiter takes the larger of both delays", () => {
  const clock = new FakeClock(0);
  const limiter = defaultControllerRateLimiter(clock);
  assert.equal(limiter.when("a"), 5);
  assert.equal(limiter.when("a"), 10);
  for (let i = 0; i < 98; i++) limiter.when(`b${i}`);
  // the bucket is empty: it now dominates the per-item 5 ms
  assert.equal(limiter.when("c"), 100);
  limiter.forget("a");
  assert.equal(limiter.numRequeues("a"), 0);
});
