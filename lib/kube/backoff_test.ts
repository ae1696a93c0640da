import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import { Backoff } from "./backoff.ts";

Deno.test("backoff doubles up to its maximum, with jitter on top, and starts over after a quiet time", () => {
  const clock = new FakeClock();
  const backoff = new Backoff({ clock, random: () => 0.5 });
  const delays = Array.from({ length: 8 }, () => backoff.next());
  assert.deepEqual(delays.slice(0, 3), [1200, 2400, 4800]);
  assert.equal(delays.at(-1), 45_000, "30 s cap plus half of it as jitter");
  clock.advance(120_001);
  assert.equal(backoff.next(), 1200);
  backoff.next();
  backoff.reset();
  assert.equal(backoff.next(), 1200);
});
