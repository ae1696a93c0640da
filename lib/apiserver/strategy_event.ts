/**
 * Events (reference §11): core/v1 and events.k8s.io/v1 are two views of one storage (core form). This
 * module converts between them and validates writes as each API does (legacy checks for core/v1, the
 * strict set for events.k8s.io/v1, whose updates may only change `series`).
 *
 * @module
 */
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
  tooLong,
} from "./errors.ts";
import { normalizeMicroTime } from "./meta_time.ts";
import type { Strategy } from "./strategy.ts";
import type { KubeObject } from "./types.ts";

type Obj = Record<string, unknown>;

/** events.k8s.io field ↔ core field. */
const MAPPING: [string, string][] = [
  ["regarding", "involvedObject"],
  ["related", "related"],
  ["note", "message"],
  ["reason", "reason"],
  ["type", "type"],
  ["eventTime", "eventTime"],
  ["series", "series"],
  ["action", "action"],
  ["reportingController", "reportingComponent"],
  ["reportingInstance", "reportingInstance"],
  ["deprecatedSource", "source"],
  ["deprecatedFirstTimestamp", "firstTimestamp"],
  ["deprecatedLastTimestamp", "lastTimestamp"],
  ["deprecatedCount", "count"],
];

function convert(obj: KubeObject, from: 0 | 1, apiVersion: string): KubeObject {
  const out: KubeObject = { apiVersion, kind: "Event", metadata: obj.metadata };
  for (const pair of MAPPING) {
    const v = obj[pair[from]];
    if (v !== undefined) out[pair[1 - from]!] = v;
  }
  if (apiVersion === "v1") {
    out.involvedObject ??= {};
    out.source ??= {};
    out.firstTimestamp ??= null;
    out.lastTimestamp ??= null;
    out.eventTime ??= null;
    out.reportingComponent ??= "";
    out.reportingInstance ??= "";
  }
  return out;
}

/** A stored (core) Event as events.k8s.io/v1 shows it. */
export function toEventsV1(core: KubeObject): KubeObject {
  return convert(core, 1, "events.k8s.io/v1");
}

/** An events.k8s.io/v1 Event in core (storage) form. */
export function fromEventsV1(ev: KubeObject): KubeObject {
  return convert(ev, 0, "v1");
}

function normalizeTimes(obj: KubeObject): void {
  if (typeof obj.eventTime === "string") obj.eventTime = normalizeMicroTime(obj.eventTime);
  const series = obj.series as Obj | undefined;
  if (series && typeof series.lastObservedTime === "string") {
    series.lastObservedTime = normalizeMicroTime(series.lastObservedTime);
  }
}

/** core/v1 Event: legacy validation only (namespace matches the involved object). */
export const coreEventStrategy: Strategy = {
  prepareCreate: normalizeTimes,
  prepareUpdate: normalizeTimes,
  validate(obj) {
    const io = (obj.involvedObject ?? {}) as Obj;
    const ns = obj.metadata.namespace ?? "";
    if (obj.eventTime) return [];
    const want = io.namespace ? String(io.namespace) : "default";
    if (io.namespace !== undefined && io.namespace !== "" && ns !== want) {
      return [
        invalidValue("involvedObject.namespace", io.namespace, "does not match event.namespace"),
      ];
    }
    return [];
  },
};

const QUALIFIED =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function validateV1(ev: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  if (!ev.eventTime) out.push(required("eventTime"));
  const rc = ev.reportingController;
  if (!rc) out.push(required("reportingController"));
  else if (!QUALIFIED.test(String(rc))) {
    out.push(invalidValue("reportingController", rc, "must be a qualified name"));
  }
  if (!ev.reportingInstance) out.push(required("reportingInstance"));
  else if (String(ev.reportingInstance).length > 128) {
    out.push(tooLong("reportingInstance", "may not be more than 128 bytes"));
  }
  if (!ev.action) out.push(required("action"));
  else if (String(ev.action).length > 128) {
    out.push(tooLong("action", "may not be more than 128 bytes"));
  }
  if (!ev.reason) out.push(required("reason"));
  if (ev.type !== "Normal" && ev.type !== "Warning") {
    out.push(notSupported("type", ev.type, ["Normal", "Warning"]));
  }
  if (typeof ev.note === "string" && new TextEncoder().encode(ev.note).length > 1024) {
    out.push(tooLong("note", "may not be more than 1024 bytes"));
  }
  const series = ev.series as Obj | undefined;
  if (series && (typeof series.count !== "number" || series.count < 2)) {
    out.push(invalidValue("series.count", series.count, "should be at least 2"));
  }
  for (const f of ["deprecatedFirstTimestamp", "deprecatedLastTimestamp"]) {
    if (ev[f]) out.push(invalidValue(f, ev[f], "needs to be unset"));
  }
  if (ev.deprecatedCount) {
    out.push(invalidValue("deprecatedCount", ev.deprecatedCount, "needs to be unset"));
  }
  if (ev.deprecatedSource && Object.keys(ev.deprecatedSource as Obj).length) {
    out.push(invalidValue("deprecatedSource", ev.deprecatedSource, "needs to be unset"));
  }
  return out;
}

const IMMUTABLE_V1 = [
  "regarding",
  "related",
  "reportingController",
  "reportingInstance",
  "action",
  "reason",
  "note",
  "type",
  "eventTime",
];

/** events.k8s.io/v1 Event (validated in its own form, before conversion to storage). */
export const eventsV1Strategy: Strategy = {
  prepareCreate: normalizeTimes,
  prepareUpdate: normalizeTimes,
  validate(obj, old) {
    const ev = toEventsV1(obj);
    const out = validateV1(ev);
    if (old) {
      const before = toEventsV1(old);
      for (const f of IMMUTABLE_V1) {
        if (JSON.stringify(ev[f] ?? null) !== JSON.stringify(before[f] ?? null)) {
          out.push(forbiddenField(f, "field is immutable"));
        }
      }
    }
    return out;
  },
};
