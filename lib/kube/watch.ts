/**
 * Watch streams: a watch request's body is a stream of JSON objects, one per line
 * (`{"type":"ADDED","object":{…}}`). {@link readWatchEvents} turns a body into events; {@link watch}
 * opens a watch and yields its events until the server closes it. An `ERROR` event is thrown as the
 * {@link KubeApiError} its `metav1.Status` describes (410 Expired means: relist).
 *
 * @module
 */
import type { KubeObject, Status, WatchEvent } from "../types/mod.ts";
import type { KubeClient } from "./client.ts";
import { KubeApiError } from "./errors.ts";
import { resourcePath, type ResourceType } from "./resources.ts";

/** Options of {@link watch}. */
export interface WatchOptions {
  /** Watch one namespace; all when absent. */
  namespace?: string;
  /** Start after this version (events newer than it); absent or `"0"` starts with synthetic ADDEDs. */
  resourceVersion?: string;
  /** Ask for BOOKMARK events that advance the version without a change. @default true */
  allowWatchBookmarks?: boolean;
  /** Server-side duration of the watch. @default 300 */
  timeoutSeconds?: number;
  /** Label selector. */
  labelSelector?: string;
  /** Field selector. */
  fieldSelector?: string;
  /** Ends the watch. */
  signal?: AbortSignal;
}

/**
 * Reads newline-delimited watch events from a response body, until it ends or `signal` aborts.
 *
 * @throws {KubeApiError} for an `ERROR` event.
 */
export async function* readWatchEvents<T extends KubeObject>(
  body: ReadableStream<Uint8Array>,
  request: { method: string; path: string } = { method: "GET", path: "(watch)" },
  signal?: AbortSignal,
): AsyncGenerator<WatchEvent<T>> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  // an abort must end a pending read even when the transport does not error the body (seen with
  // Deno's fetch after a burst of events): cancelling the reader ends the stream
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  let buffer = "";
  try {
    signal?.throwIfAborted();
    for (;;) {
      const { value, done } = await reader.read();
      signal?.throwIfAborted();
      if (done) break;
      buffer += value;
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) yield parseEvent<T>(line, request);
      }
    }
    const rest = buffer.trim();
    if (rest) yield parseEvent<T>(rest, request);
  } finally {
    signal?.removeEventListener("abort", onAbort);
    reader.cancel().catch(() => {});
  }
}

function parseEvent<T extends KubeObject>(
  line: string,
  request: { method: string; path: string },
): WatchEvent<T> {
  const event = JSON.parse(line) as WatchEvent<T>;
  if (event.type === "ERROR") {
    const status = event.object as unknown as Status;
    throw KubeApiError.fromResponse(status.code ?? 500, JSON.stringify(status), request);
  }
  return event;
}

/**
 * Opens a watch and yields its events until the server ends it (or `signal` aborts).
 *
 * @example
 * ```ts
 * for await (const e of watch(client, GATEWAYS, { resourceVersion: list.metadata.resourceVersion })) {
 *   console.log(e.type, e.object.metadata.name);
 * }
 * ```
 * @throws {KubeApiError} for an error answer or an `ERROR` event (e.g. 410 Expired).
 */
export async function* watch<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType<T>,
  options: WatchOptions = {},
): AsyncGenerator<WatchEvent<T>> {
  const timeoutSeconds = options.timeoutSeconds ?? 300;
  const path = resourcePath(type, options.namespace);
  const res = await client.raw("GET", path, {
    query: {
      watch: 1,
      resourceVersion: options.resourceVersion,
      allowWatchBookmarks: options.allowWatchBookmarks ?? true,
      timeoutSeconds,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    },
    // a safety net against half-open connections: the server ends the watch first
    timeoutMs: timeoutSeconds * 1000 + 30_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!res.body) return;
  yield* readWatchEvents<T>(res.body, { method: "GET", path }, options.signal);
}
