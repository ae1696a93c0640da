/**
 * Turns an established CustomResourceDefinition object into the {@link ResourceType} the server serves
 * (reference §12): served versions in kube-aware order, names, scope, status subresource, per-version
 * schemas and printer columns. CR strategy flags follow `customresource/strategy.go`.
 *
 * @module
 */
import type { KubeObject, PrinterColumn, ResourceType, Schema } from "./types.ts";
import { compareVersions } from "./version_priority.ts";

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: Schema };
  subresources?: { status?: unknown };
  additionalPrinterColumns?: PrinterColumn[];
}

interface CrdSpec {
  group: string;
  scope: "Namespaced" | "Cluster";
  names: {
    plural: string;
    singular?: string;
    kind: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions: CrdVersion[];
}

/** True when the CRD's `Established` condition is True. */
export function isEstablished(crd: KubeObject): boolean {
  const conds = ((crd.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions) ?? [];
  return conds.some((c) => c.type === "Established" && c.status === "True");
}

/** The resource a CRD serves, or undefined when it serves no version. */
export function resourceTypeFromCrd(crd: KubeObject): ResourceType | undefined {
  const spec = crd.spec as CrdSpec;
  const served = spec.versions.filter((v) => v.served);
  if (served.length === 0) return undefined;
  const versions = served.map((v) => v.name).sort(compareVersions);
  const storage = spec.versions.find((v) => v.storage)?.name ?? versions[0]!;
  const schemas: Record<string, Schema> = {};
  const printerColumns: Record<string, PrinterColumn[]> = {};
  for (const v of served) {
    if (v.schema?.openAPIV3Schema) schemas[v.name] = v.schema.openAPIV3Schema;
    printerColumns[v.name] = v.additionalPrinterColumns ?? [];
  }
  const hasStatus = served.some((v) => v.subresources?.status !== undefined);
  return {
    group: spec.group,
    versions,
    storageVersion: storage,
    resource: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    kind: spec.names.kind,
    listKind: spec.names.listKind ?? `${spec.names.kind}List`,
    namespaced: spec.scope === "Namespaced",
    shortNames: spec.names.shortNames ?? [],
    categories: spec.names.categories ?? [],
    statusSubresource: hasStatus,
    custom: true,
    generation: "spec",
    allowUnconditionalUpdate: false,
    allowCreateOnUpdate: false,
    returnDeletedObject: false,
    nameRule: "subdomain",
    fieldSelectors: {},
    fieldSelectorError: "label",
    schemas,
    printerColumns,
  };
}
