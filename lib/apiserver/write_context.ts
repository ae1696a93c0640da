/**
 * What a write request carries besides its body, and the per-kind plumbing every write shares:
 * which strategy applies, how a version's view maps to storage, the subject of error messages.
 *
 * @module
 */
import type { Subject } from "./errors.ts";
import { coreEventStrategy, eventsV1Strategy, fromEventsV1, toEventsV1 } from "./strategy_event.ts";
import { crdStrategy } from "./strategy_crd.ts";
import { serviceStrategy } from "./strategy_service.ts";
import {
  endpointSliceStrategy,
  leaseStrategy,
  namespaceStrategy,
  secretStrategy,
} from "./strategy_simple.ts";
import type { Strategy } from "./strategy.ts";
import { apiVersionOf, type KubeObject, type ResourceType } from "./types.ts";

/** Options of a write (query parameters and identity). */
export interface WriteOptions {
  /** `fieldManager` query parameter. */
  fieldManager?: string | undefined;
  /** The client's User-Agent (manager name fallback). */
  userAgent?: string | undefined;
  /** `fieldValidation`: Strict rejects unknown fields, Warn (default) and Ignore drop them. */
  fieldValidation?: "Strict" | "Warn" | "Ignore" | undefined;
  /** managedFields operation of the write. @default "Update" */
  operation?: "Update" | "Apply" | undefined;
  /** `dryRun=All`: validate and answer, store nothing. */
  dryRun?: boolean | undefined;
}

/** The result of a write. */
export interface WriteResult {
  /** The stored object (storage form). */
  object: KubeObject;
  /** 201 rather than 200. */
  created: boolean;
  /** `Warning` header texts (unknown fields with fieldValidation=Warn). */
  warnings: string[];
}

const STRATEGIES: Record<string, Strategy> = {
  "/namespaces": namespaceStrategy,
  "/services": serviceStrategy,
  "/secrets": secretStrategy,
  "/events": coreEventStrategy,
  "events.k8s.io/events": eventsV1Strategy,
  "coordination.k8s.io/leases": leaseStrategy,
  "discovery.k8s.io/endpointslices": endpointSliceStrategy,
  "apiextensions.k8s.io/customresourcedefinitions": crdStrategy,
};

/** The write strategy of a resource (empty for kinds with no special rules). */
export function strategyOf(t: ResourceType): Strategy {
  return STRATEGIES[`${t.group}/${t.resource}`] ?? {};
}

/** The error subject for an object of a resource. */
export function subjectOf(t: ResourceType, name: string): Subject {
  return { resource: t.resource, group: t.group, name };
}

/** True for events.k8s.io Events, whose view differs from their (core) storage form. */
function isEventsV1(t: ResourceType): boolean {
  return t.group === "events.k8s.io" && t.resource === "events";
}

const viewCache = new WeakMap<KubeObject, KubeObject>();

/** The stored object as the resource's API shows it (only events.k8s.io differs). */
export function toView(t: ResourceType, stored: KubeObject): KubeObject {
  if (!isEventsV1(t)) return stored;
  let v = viewCache.get(stored);
  if (!v) {
    v = toEventsV1(stored);
    viewCache.set(stored, v);
  }
  return v;
}

/** A client's object in the resource's API form, converted to storage form. */
export function fromView(t: ResourceType, obj: KubeObject): KubeObject {
  return isEventsV1(t) ? fromEventsV1(obj) : obj;
}

/** The storage `apiVersion` of a resource. */
export function storageApiVersion(t: ResourceType): string {
  return isEventsV1(t) ? "v1" : apiVersionOf(t.group, t.storageVersion);
}
