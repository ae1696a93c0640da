import assert from "node:assert/strict";
import { isExpired, KubeApiError } from "./errors.ts";
import { readWatchEvents } from "./watch.ts";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

Deno.test("events split across chunks and lines are read whole, in order", async () => {
  const a = JSON.stringify({
    type: "ADDED",
    object: { metadata: { name: "a", resourceVersion: "5" } },
  });
  const b = JSON.stringify({
    type: "DELETED",
    object: { metadata: { name: "b", resourceVersion: "6" } },
  });
  const body = streamOf([a.slice(0, 10), a.slice(10) + "\n" + b.slice(0, 3), b.slice(3) + "\n"]);
  const events = [];
  for await (const e of readWatchEvents(body)) events.push(`${e.type} ${e.object.metadata.name}`);
  assert.deepEqual(events, ["ADDED a", "DELETED b"]);
});

Deno.test("a final event without a trailing newline is still read", async () => {
  const a = JSON.stringify({ type: "MODIFIED", object: { metadata: { name: "a" } } });
  const events = [];
  for await (const e of readWatchEvents(streamOf([a]))) events.push(e.type);
  assert.deepEqual(events, ["MODIFIED"]);
});

Deno.test("W-8: an ERROR event with 410 Expired is thrown as an Expired KubeApiError", async () => {
  const error = {
    type: "ERROR",
    object: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "too old resource version: 5 (120)",
      reason: "Expired",
      code: 410,
    },
  };
  const body = streamOf([JSON.stringify(error) + "\n"]);
  await assert.rejects(
    async () => {
      for await (const _ of readWatchEvents(body, { method: "GET", path: "/api/v1/services" })) {
        // nothing
      }
    },
    (e) => e instanceof KubeApiError && isExpired(e) && /too old resource version/.test(e.message),
  );
});
