/**
 * The built-in (non-CRD) resources the server serves, with the per-kind strategy flags of
 * kube-apiserver 1.32 (reference §1.1 table, §2 CRUD-11/12/14, §2.1 generation, LIST-5 fields).
 *
 * @module
 */
import type { FieldGetters, KubeObject, ResourceType } from "./types.ts";

function str(v: unknown): string {
  return v === undefined || v === null ? "" : String(v);
}

function at(obj: KubeObject, path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function fields(paths: Record<string, string[]>): FieldGetters {
  const out: FieldGetters = {};
  for (const [name, path] of Object.entries(paths)) out[name] = (o) => str(at(o, path));
  return out;
}

const REFERENCE_FIELDS = ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion"];

function refFields(prefix: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of [...REFERENCE_FIELDS, "fieldPath"]) out[`${prefix}.${f}`] = [prefix, f];
  return out;
}

const base = {
  versions: ["v1"],
  storageVersion: "v1",
  shortNames: [] as string[],
  categories: [] as string[],
  statusSubresource: false,
  custom: false,
  generation: "none" as const,
  allowUnconditionalUpdate: true,
  allowCreateOnUpdate: false,
  returnDeletedObject: false,
  nameRule: "subdomain" as const,
  fieldSelectors: {} as FieldGetters,
  fieldSelectorError: "known" as const,
  namespaced: true,
};

/** Core v1 and the built-in groups the server serves. */
export const BUILTIN_TYPES: readonly ResourceType[] = [
  {
    ...base,
    group: "",
    resource: "namespaces",
    singular: "namespace",
    kind: "Namespace",
    listKind: "NamespaceList",
    namespaced: false,
    shortNames: ["ns"],
    statusSubresource: true,
    returnDeletedObject: true,
    nameRule: "label",
    fieldSelectors: fields({ "status.phase": ["status", "phase"] }),
    fieldSelectorError: "label",
  },
  {
    ...base,
    group: "",
    resource: "services",
    singular: "service",
    kind: "Service",
    listKind: "ServiceList",
    shortNames: ["svc"],
    categories: ["all"],
    statusSubresource: true,
    allowCreateOnUpdate: true,
    returnDeletedObject: true,
    nameRule: "dns1035",
  },
  {
    ...base,
    group: "",
    resource: "configmaps",
    singular: "configmap",
    kind: "ConfigMap",
    listKind: "ConfigMapList",
    shortNames: ["cm"],
  },
  {
    ...base,
    group: "",
    resource: "secrets",
    singular: "secret",
    kind: "Secret",
    listKind: "SecretList",
    fieldSelectors: fields({ type: ["type"] }),
    fieldSelectorError: "label",
  },
  {
    ...base,
    group: "",
    resource: "events",
    singular: "event",
    kind: "Event",
    listKind: "EventList",
    shortNames: ["ev"],
    fieldSelectors: fields({
      ...refFields("involvedObject"),
      reason: ["reason"],
      reportingComponent: ["reportingComponent"],
      source: ["source", "component"],
      type: ["type"],
    }),
    fieldSelectorError: "label",
  },
  {
    ...base,
    group: "events.k8s.io",
    resource: "events",
    singular: "event",
    kind: "Event",
    listKind: "EventList",
    shortNames: ["ev"],
    fieldSelectors: fields({
      ...refFields("regarding"),
      reason: ["reason"],
      reportingController: ["reportingController"],
      type: ["type"],
    }),
    fieldSelectorError: "label",
  },
  {
    ...base,
    group: "discovery.k8s.io",
    resource: "endpointslices",
    singular: "endpointslice",
    kind: "EndpointSlice",
    listKind: "EndpointSliceList",
    generation: "nonmetadata",
  },
  {
    ...base,
    group: "coordination.k8s.io",
    resource: "leases",
    singular: "lease",
    kind: "Lease",
    listKind: "LeaseList",
    allowUnconditionalUpdate: false,
    allowCreateOnUpdate: true,
  },
  {
    ...base,
    group: "apiextensions.k8s.io",
    resource: "customresourcedefinitions",
    singular: "customresourcedefinition",
    kind: "CustomResourceDefinition",
    listKind: "CustomResourceDefinitionList",
    namespaced: false,
    shortNames: ["crd", "crds"],
    categories: ["api-extensions"],
    statusSubresource: true,
    generation: "spec",
    allowUnconditionalUpdate: false,
  },
];
