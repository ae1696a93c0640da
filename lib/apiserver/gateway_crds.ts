/**
 * The Gateway API v1.6.1 CRDs this server installs at start, as CustomResourceDefinition objects with
 * the `gateway.networking.k8s.io/bundle-version` and `channel` annotations (gateway-api-status.md §1),
 * in the standard or experimental bundle shape.
 *
 * @module
 */
import {
  GATEWAY_GROUP,
  gatewayClassSchema,
  gatewaySchema,
  referenceGrantSchema,
  routeSchema,
} from "./gateway_schemas.ts";
import type { KubeObject, PrinterColumn, Schema } from "./types.ts";

/** The Gateway API bundle version the schemas follow. */
export const BUNDLE_VERSION = "v1.6.1";

/** Which Gateway API channel is installed. */
export type BundleShape = "standard" | "experimental";

const AGE: PrinterColumn = {
  name: "Age",
  type: "date",
  jsonPath: ".metadata.creationTimestamp",
};

interface VersionSpec {
  name: string;
  served: boolean;
  storage: boolean;
  schema: Schema;
  status: boolean;
  columns: PrinterColumn[];
  deprecated?: boolean;
}

function withRoot(schema: Schema): Schema {
  return {
    ...schema,
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      ...schema.properties,
    },
  };
}

function crd(
  plural: string,
  kind: string,
  scope: "Namespaced" | "Cluster",
  shortNames: string[],
  versions: VersionSpec[],
  channel: BundleShape,
): KubeObject {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: `${plural}.${GATEWAY_GROUP}`,
      annotations: {
        "api-approved.kubernetes.io": "https://github.com/kubernetes-sigs/gateway-api/pull/3328",
        "gateway.networking.k8s.io/bundle-version": BUNDLE_VERSION,
        "gateway.networking.k8s.io/channel": channel,
      },
    },
    spec: {
      group: GATEWAY_GROUP,
      names: {
        categories: ["gateway-api"],
        kind,
        listKind: `${kind}List`,
        plural,
        ...(shortNames.length ? { shortNames } : {}),
        singular: kind.toLowerCase(),
      },
      scope,
      versions: versions.map((v) => ({
        additionalPrinterColumns: v.columns,
        ...(v.deprecated ? { deprecated: true } : {}),
        name: v.name,
        schema: { openAPIV3Schema: withRoot(v.schema) },
        served: v.served,
        storage: v.storage,
        subresources: v.status ? { status: {} } : {},
      })),
    },
  };
}

const CLASS_COLUMNS: PrinterColumn[] = [
  { name: "Controller", type: "string", jsonPath: ".spec.controllerName" },
  {
    name: "Accepted",
    type: "string",
    jsonPath: '.status.conditions[?(@.type=="Accepted")].status',
  },
  AGE,
  { name: "Description", type: "string", jsonPath: ".spec.description", priority: 1 },
];

const GATEWAY_COLUMNS: PrinterColumn[] = [
  { name: "Class", type: "string", jsonPath: ".spec.gatewayClassName" },
  { name: "Address", type: "string", jsonPath: ".status.addresses[*].value" },
  {
    name: "Programmed",
    type: "string",
    jsonPath: '.status.conditions[?(@.type=="Programmed")].status',
  },
  AGE,
];

/**
 * The five Gateway API CRDs of bundle v1.6.1 in the given channel. The standard channel serves
 * TCPRoute/UDPRoute at v1 only (v1alpha2 present, not served); experimental also serves v1alpha2.
 */
export function gatewayCrds(shape: BundleShape): KubeObject[] {
  const alphaServed = shape === "experimental";
  const both = (schema: Schema, status: boolean, columns: PrinterColumn[]): VersionSpec[] => [
    { name: "v1", served: true, storage: true, schema, status, columns },
    { name: "v1beta1", served: true, storage: false, schema, status, columns },
  ];
  const route = (kind: string, plural: string) =>
    crd(plural, kind, "Namespaced", [], [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: routeSchema(1),
        status: true,
        columns: [AGE],
      },
      {
        name: "v1alpha2",
        served: alphaServed,
        storage: false,
        schema: routeSchema(16),
        status: true,
        columns: [AGE],
        deprecated: true,
      },
    ], shape);
  return [
    crd(
      "gatewayclasses",
      "GatewayClass",
      "Cluster",
      ["gc"],
      both(gatewayClassSchema, true, CLASS_COLUMNS),
      shape,
    ),
    crd(
      "gateways",
      "Gateway",
      "Namespaced",
      ["gtw"],
      both(gatewaySchema, true, GATEWAY_COLUMNS),
      shape,
    ),
    route("TCPRoute", "tcproutes"),
    route("UDPRoute", "udproutes"),
    crd("referencegrants", "ReferenceGrant", "Namespaced", ["refgrant"], [
      {
        name: "v1",
        served: true,
        storage: false,
        schema: referenceGrantSchema,
        status: false,
        columns: [AGE],
      },
      {
        name: "v1beta1",
        served: true,
        storage: true,
        schema: referenceGrantSchema,
        status: false,
        columns: [AGE],
      },
    ], shape),
  ];
}
