import assert from "node:assert/strict";
import { FakeClock, systemClock } from "./clock.ts";

Deno.test("FakeClock fires timers only when time is advanced past them, earliest first", () => {
  const clock = new FakeClock(1_000);
  const fired: string[] = [];
  clock.setTimer(30, () => fired.push("b"));
  clock.setTimer(10, () => fired.push("a"));
  clock.advance(9);
  assert.deepEqual(fired, []);
  clock.advance(25);
  assert.deepEqual(fired, ["a", "b"]);
  assert.equal(clock.now(), 1_034);
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("FakeClock runs timers set by a firing timer within the same advance, at their own time", () => {
  const clock = new FakeClock(0);
  const seen: number[] = [];
  clock.setTimer(5, () => {
    seen.push(clock.now());
    clock.setTimer(5, () => seen.push(clock.now()));
  });
  clock.advance(20);
  assert.deepEqual(seen, [5, 10]);
});

Deno.test("a cancelled FakeClock timer never fires", () => {
  const clock = new FakeClock();
  let fired = false;
  const cancel = clock.setTimer(1, () => fired = true);
  cancel();
  clock.advance(10);
  assert.equal(fired, false);
});

Deno.test("FakeClock.sleep resolves on advance and rejects when its signal aborts", async () => {
  const clock = new FakeClock();
  const done = clock.sleep(100);
  clock.advance(100);
  await done;
  const ac = new AbortController();
  const aborted = clock.sleep(100, ac.signal);
  ac.abort(new Error("stop"));
  await assert.rejects(aborted, /stop/);
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("FakeClock refuses to go back in time", () => {
  assert.throws(() => new FakeClock().advance(-1), /negative duration: -1 ms/);
});

Deno.test("systemClock.sleep rejects at once with an already-aborted signal", async () => {
  const ac = new AbortController();
  ac.abort(new Error("gone"));
  await assert.rejects(systemClock.sleep(10_000, ac.signal), /gone/);
});
