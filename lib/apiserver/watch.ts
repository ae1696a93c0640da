/**
 * WATCH semantics (reference §6): newline-delimited JSON events; initial ADDED events for an unset or
 * `0` resourceVersion (W-3), resume strictly after a resourceVersion (W-2), `initial-events-end` and
 * periodic bookmarks (W-4, W-5), ADDED/DELETED when an object starts/stops matching the selectors
 * (W-6), `410 Expired` as an ERROR event once a version is compacted (W-8), a too-new version answered
 * with a Timeout ERROR after 3 s (W-9), and `timeoutSeconds` (W-10).
 *
 * Fan-out: each change is encoded once per (event type, apiVersion) and the bytes are shared by every
 * watcher that needs them (`Change.encoded`).
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { type FieldError, invalid, type Status } from "./errors.ts";
import { compileFilter, type ObjectFilter } from "./api_list.ts";
import { encodeObject } from "./encode.ts";
import { storeKeyOf } from "./registry.ts";
import type { Change, EventType, Storage } from "./storage.ts";
import { apiVersionOf, type KubeObject, type ResourceType } from "./types.ts";
import { toView } from "./write_context.ts";

/** Watch query options. */
export interface WatchOptions {
  resourceVersion?: string | undefined;
  resourceVersionMatch?: string | undefined;
  sendInitialEvents?: boolean | undefined;
  allowWatchBookmarks?: boolean | undefined;
  timeoutSeconds?: number | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

/** Limits a watch is subject to (fault injection and defaults). */
export interface WatchLimits {
  /** Close the watch after this many events (0: never). */
  maxEvents: number;
  /** Close the watch after this many milliseconds (0: never). */
  maxDurationMs: number;
  /** Interval between periodic bookmarks. */
  bookmarkIntervalMs: number;
  /** Default watch duration when the client gives no timeoutSeconds (30–60 min on a real server). */
  defaultTimeoutMs: number;
}

/** An open watch. */
export interface WatchHandle {
  /** The response body. */
  readonly body: ReadableStream<Uint8Array>;
  /** Ends the watch (server restart, shutdown). */
  close(): void;
}

const encoder = new TextEncoder();
/** Queued chunks after which a watcher counts as too slow and is dropped, as kube-apiserver does. */
const MAX_QUEUED = 50_000;

function line(type: string, objectJson: string): Uint8Array {
  return encoder.encode(`{"type":"${type}","object":${objectJson}}\n`);
}

/** The ERROR event line for a Status. */
export function errorLine(status: Status): Uint8Array {
  return line("ERROR", JSON.stringify(status));
}

function validate(o: WatchOptions): void {
  const errs: FieldError[] = [];
  if (o.sendInitialEvents !== undefined && o.resourceVersionMatch !== "NotOlderThan") {
    errs.push({
      type: "FieldValueForbidden",
      field: "resourceVersionMatch",
      detail: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
    });
  }
  if (o.resourceVersionMatch && o.sendInitialEvents === undefined) {
    errs.push({
      type: "FieldValueForbidden",
      field: "resourceVersionMatch",
      detail:
        "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
    });
  }
  if (errs.length) throw invalid("ListOptions.meta.k8s.io", "", "", errs);
}

/**
 * Opens a watch on a resource.
 *
 * @throws {ApiError} 422 for invalid option combinations, 400 for bad selectors; everything after the
 * response started is reported in-stream as an ERROR event.
 */
export function openWatch(
  deps: { storage: Storage; clock: Clock; limits: WatchLimits },
  type: ResourceType,
  version: string,
  namespace: string | undefined,
  opts: WatchOptions,
  onClose: () => void = () => {},
  render?: { tag: string; encode(obj: KubeObject): string },
): WatchHandle {
  validate(opts);
  const filter = compileFilter(type, namespace, opts.labelSelector, opts.fieldSelector);
  const { storage, clock, limits } = deps;
  const key = storeKeyOf(type);
  const apiVersion = apiVersionOf(type.group, version);
  const cancels: (() => void)[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let sent = 0;

  const close = () => {
    if (closed) return;
    closed = true;
    for (const c of cancels) c();
    try {
      controller.close();
    } catch { /* already closed or errored */ }
    onClose();
  };
  const push = (bytes: Uint8Array) => {
    if (closed) return;
    if ((controller.desiredSize ?? 0) < -MAX_QUEUED) return close();
    controller.enqueue(bytes);
    sent++;
    if (limits.maxEvents > 0 && sent >= limits.maxEvents) close();
  };
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      close();
    },
  }, { highWaterMark: 1 });

  const bookmark = (annotate: boolean) => {
    const meta: Record<string, unknown> = { resourceVersion: String(storage.resourceVersion) };
    if (annotate) meta.annotations = { "k8s.io/initial-events-end": "true" };
    const obj = { kind: type.kind, apiVersion, metadata: meta };
    push(line("BOOKMARK", JSON.stringify(obj)));
  };

  const rv = opts.resourceVersion ?? "";
  const initial = opts.sendInitialEvents ?? (rv === "" || rv === "0");
  if (initial) {
    for (const obj of storage.list(key, namespace || undefined)) {
      if (filter(obj)) {
        push(line("ADDED", render ? render.encode(obj) : encode(type, obj, apiVersion)));
      }
    }
    if (opts.allowWatchBookmarks) bookmark(true);
  } else {
    const since = Number(rv);
    if (!/^\d+$/.test(rv)) {
      push(errorLine(badRv(rv)));
      close();
      return { body, close };
    }
    if (since > storage.resourceVersion) {
      waitForFuture(since);
    } else {
      const changes = storage.changesSince(key, since);
      if (!Array.isArray(changes)) {
        push(errorLine(expiredStatus(since, changes.expired)));
        close();
        return { body, close };
      }
      for (const c of changes) deliver(c);
    }
  }
  if (!closed) {
    cancels.push(storage.subscribe(key, { deliver }));
    const timeoutMs = opts.timeoutSeconds !== undefined
      ? opts.timeoutSeconds * 1000
      : limits.defaultTimeoutMs;
    if (timeoutMs > 0) cancels.push(clock.setTimer(timeoutMs, close));
    if (limits.maxDurationMs > 0) cancels.push(clock.setTimer(limits.maxDurationMs, close));
    if (opts.allowWatchBookmarks) schedule();
  }
  return { body, close };

  function schedule(): void {
    cancels.push(clock.setTimer(limits.bookmarkIntervalMs, () => {
      if (closed) return;
      bookmark(false);
      schedule();
    }));
  }

  function waitForFuture(target: number): void {
    const startedAt = storage.resourceVersion;
    cancels.push(clock.setTimer(3000, () => {
      if (closed || storage.resourceVersion >= target) return;
      push(errorLine(tooLarge(target, startedAt)));
      close();
    }));
  }

  function deliver(c: Change): void {
    if (closed) return;
    const type2 = eventType(c, filter);
    if (!type2) return;
    const k = `${type2.type}|${type2.fromPrevious ? "p" : ""}|${apiVersion}|${render?.tag ?? ""}`;
    let bytes = c.encoded.get(k);
    if (!bytes) {
      const obj = type2.fromPrevious
        ? {
          ...c.previous!,
          metadata: { ...c.previous!.metadata, resourceVersion: String(c.rv) },
        }
        : c.object;
      bytes = line(type2.type, render ? render.encode(obj) : encode(type, obj, apiVersion));
      c.encoded.set(k, bytes);
    }
    push(bytes);
  }
}

function encode(type: ResourceType, obj: KubeObject, apiVersion: string): string {
  return encodeObject(toView(type, obj), type.kind, apiVersion);
}

function eventType(
  c: Change,
  filter: ObjectFilter,
): { type: EventType; fromPrevious: boolean } | undefined {
  if (c.type === "ADDED") {
    return filter(c.object) ? { type: "ADDED", fromPrevious: false } : undefined;
  }
  if (c.type === "DELETED") {
    return filter(c.previous ?? c.object) ? { type: "DELETED", fromPrevious: false } : undefined;
  }
  const now = filter(c.object);
  const before = c.previous ? filter(c.previous) : false;
  if (now && before) return { type: "MODIFIED", fromPrevious: false };
  if (now) return { type: "ADDED", fromPrevious: false };
  if (before) return { type: "DELETED", fromPrevious: true };
  return undefined;
}

function status(code: number, reason: string, message: string): Status {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    code,
  };
}

function expiredStatus(since: number, oldest: number): Status {
  return status(410, "Expired", `too old resource version: ${since} (${oldest})`);
}

function tooLarge(target: number, current: number): Status {
  const s = status(
    504,
    "Timeout",
    `Timeout: Too large resource version: ${target}, current: ${current}`,
  );
  s.details = {
    causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
    retryAfterSeconds: 1,
  };
  return s;
}

function badRv(rv: string): Status {
  return status(400, "BadRequest", `invalid resource version: "${rv}"`);
}
