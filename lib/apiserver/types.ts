/**
 * The shapes the embedded API server works with: Kubernetes objects as plain JSON, their metadata,
 * and the description of a served resource ({@link ResourceType}).
 *
 * @module
 */
import type { FieldError } from "./errors.ts";

/** `metav1.OwnerReference`. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** `metav1.ObjectMeta`, as JSON. */
export interface ObjectMeta {
  name?: string | undefined;
  generateName?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  generation?: number | undefined;
  creationTimestamp?: string | undefined;
  deletionTimestamp?: string | undefined;
  deletionGracePeriodSeconds?: number | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  ownerReferences?: OwnerReference[] | undefined;
  finalizers?: string[] | undefined;
  managedFields?: unknown[] | undefined;
  [key: string]: unknown;
}

/** A Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An OpenAPI v3 structural schema node (the subset CRDs use). */
export interface Schema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  default?: Json;
  enum?: Json[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  nullable?: boolean;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: "atomic" | "granular";
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-validations"?: { rule: string; message: string }[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

/** A CRD `additionalPrinterColumns` entry. */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

/** Checks beyond the schema (CEL rules of CRDs, built-in validation): returns field errors. */
export type Validator = (obj: KubeObject, old: KubeObject | undefined) => FieldError[];

/** Extra field-selector fields of a kind, name → value getter (LIST-5). */
export type FieldGetters = Record<string, (obj: KubeObject) => string>;

/** How `metadata.generation` behaves for a kind (reference §2.1). */
export type GenerationRule = "none" | "spec" | "nonmetadata";

/** Everything the server needs to know to serve one resource (all versions of it). */
export interface ResourceType {
  /** API group, `""` for core. */
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
  /** The version objects are stored in. */
  storageVersion: string;
  /** Plural resource name, e.g. `gateways`. */
  resource: string;
  /** Singular name, e.g. `gateway`. */
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Has a `status` subresource. */
  statusSubresource: boolean;
  /** Served by a CRD (unstructured semantics: no strategic merge, CR status rules). */
  custom: boolean;
  generation: GenerationRule;
  /** PUT without `metadata.resourceVersion` is allowed (CRUD-11/12). */
  allowUnconditionalUpdate: boolean;
  /** PUT of a missing object creates it (CRUD-14). */
  allowCreateOnUpdate: boolean;
  /** DELETE answers with the object rather than a Status (SVC-4). */
  returnDeletedObject: boolean;
  /** Name validation: `subdomain` (DNS-1123 subdomain), `label` (DNS-1123 label), `dns1035`. */
  nameRule: "subdomain" | "label" | "dns1035";
  /** Extra field selectors besides `metadata.name`/`metadata.namespace`. */
  fieldSelectors: FieldGetters;
  /** Wording of the unsupported-field-selector error (LIST-6). */
  fieldSelectorError: "known" | "label";
  /** Structural schema per version (CRDs), used for pruning, defaults and validation. */
  schemas?: Record<string, Schema>;
  /** Printer columns per version (CRDs). */
  printerColumns?: Record<string, PrinterColumn[]>;
}

/** The `group/resource` key a resource is stored under. */
export function storageKey(t: Pick<ResourceType, "group" | "resource">): string {
  return `${t.group}/${t.resource}`;
}

/** `apiVersion` for a group and version (`v1`, or `group/version`). */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}
