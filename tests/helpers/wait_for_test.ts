import assert from "node:assert/strict";
import { waitFor } from "./wait_for.ts";

Deno.test("waitFor resolves with the first truthy value", async () => {
  let n = 0;
  const value = await waitFor(() => ++n >= 3 ? `done after ${n}` : undefined, { interval: 1 });
  assert.equal(value, "done after 3");
});

Deno.test("waitFor fails at the deadline naming what it waited for and the last error", async () => {
  await assert.rejects(
    waitFor(() => {
      throw new Error("not yet");
    }, { deadline: 30, interval: 5, what: "Gateway default/gw Programmed" }),
    /Timed out after 30 ms waiting for Gateway default\/gw Programmed \(last error: not yet\)/,
  );
});
