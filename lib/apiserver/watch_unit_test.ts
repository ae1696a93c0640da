import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import { BUILTIN_TYPES } from "./builtin_kinds.ts";
import { Storage } from "./storage.ts";
import { openWatch } from "./watch.ts";

const configmaps = BUILTIN_TYPES.find((t) => t.resource === "configmaps")!;
const limits = { maxEvents: 0, maxDurationMs: 0, bookmarkIntervalMs: 60_000, defaultTimeoutMs: 0 };

function put(storage: Storage, name: string) {
  const rv = String(storage.nextResourceVersion());
  storage.put("/configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "d", resourceVersion: rv },
  });
}

Deno.test("a watcher that stops reading is dropped once 10,000 events are queued, as a slow client is", async () => {
  const storage = new Storage(100);
  let closed = false;
  const w = openWatch({ storage, clock: new FakeClock(0), limits }, configmaps, "v1", undefined, {
    resourceVersion: "0",
  }, () => closed = true);
  for (let i = 0; i < 10_010 && !closed; i++) put(storage, `c${i}`);
  assert.ok(closed);
  assert.equal(storage.subscriberCount, 0);
  await w.body.cancel();
});

Deno.test("one change is encoded once and the same bytes go to every watcher", async () => {
  const storage = new Storage(100);
  const watches = Array.from(
    { length: 5 },
    () =>
      openWatch({ storage, clock: new FakeClock(0), limits }, configmaps, "v1", undefined, {
        resourceVersion: "0",
      }),
  );
  const readers = watches.map((w) => w.body.getReader());
  put(storage, "a");
  const chunks = await Promise.all(readers.map((r) => r.read()));
  for (const c of chunks) assert.equal(c.value, chunks[0]!.value, "the very same Uint8Array");
  for (const w of watches) w.close();
  for (const r of readers) await r.cancel();
});
