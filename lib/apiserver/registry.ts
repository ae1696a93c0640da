/**
 * Which resources are served right now: the built-ins plus every established CRD (reference §12:
 * a CRD's resources appear only once it is Established). Looked up by URL parts or by
 * `apiVersion`/`kind`.
 *
 * @module
 */
import { BUILTIN_TYPES } from "./builtin_kinds.ts";
import { isEstablished, resourceTypeFromCrd } from "./crd_types.ts";
import type { KubeObject, ResourceType } from "./types.ts";

/** The storage key of core Events, which events.k8s.io/v1 Events share (reference §11). */
export const CORE_EVENTS_KEY = "/events";

/** The set of served resources. */
export class Registry {
  #types: ResourceType[] = [...BUILTIN_TYPES];
  #generation = 0;

  /** Rebuilds the CRD-served part from the stored CRD objects. */
  setCrds(crds: readonly KubeObject[]): void {
    const custom = crds.filter(isEstablished).map(resourceTypeFromCrd).filter((t) =>
      t !== undefined
    );
    this.#types = [...BUILTIN_TYPES, ...custom];
    this.#generation++;
  }

  /** Changes whenever the set of served resources changes (for discovery and OpenAPI caches). */
  get generation(): number {
    return this.#generation;
  }

  /** Every served resource. */
  get all(): readonly ResourceType[] {
    return this.#types;
  }

  /** The resource served at `/<group>/<version>/<resource>`, if any. */
  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.#types.find((t) =>
      t.group === group && t.resource === resource && t.versions.includes(version)
    );
  }

  /** The resource of an `apiVersion` + `kind`, if served. */
  byKind(apiVersion: string, kind: string): { type: ResourceType; version: string } | undefined {
    const i = apiVersion.lastIndexOf("/");
    const group = i < 0 ? "" : apiVersion.slice(0, i);
    const version = i < 0 ? apiVersion : apiVersion.slice(i + 1);
    const type = this.#types.find((t) =>
      t.group === group && t.kind === kind && t.versions.includes(version)
    );
    return type ? { type, version } : undefined;
  }

  /** The resource with a group and plural name in any version (CRD cleanup, GC). */
  byResource(group: string, resource: string): ResourceType | undefined {
    return this.#types.find((t) => t.group === group && t.resource === resource);
  }
}

/** Where a resource's objects are stored (events.k8s.io Events live with core Events). */
export function storeKeyOf(t: Pick<ResourceType, "group" | "resource">): string {
  if (t.group === "events.k8s.io" && t.resource === "events") return CORE_EVENTS_KEY;
  return `${t.group}/${t.resource}`;
}
