/**
 * The informers the controllers read, one per kind, with the indexes their event mapping uses.
 *
 * @module
 */
import { type Informer } from "../lib/kube/informer.ts";
import { defaultTransform } from "../lib/kube/informer.ts";
import {
  CONFIGMAPS,
  CRDS,
  ENDPOINTSLICES,
  GATEWAY_CLASSES,
  GATEWAYS,
  type GatewayVersions,
  NAMESPACES,
  SERVICES,
} from "../lib/kube/resources.ts";
import type { SharedInformers } from "../lib/kube/shared_informers.ts";
import {
  type ConfigMap,
  type CustomResourceDefinition,
  type EndpointSlice,
  type Gateway,
  GATEWAY_GROUP,
  type GatewayClass,
  type L4Route,
  type Namespace,
  type ReferenceGrant,
  type Service,
} from "../lib/types/mod.ts";
import {
  classParameters,
  gatewayClassOf,
  grantFromNamespaces,
  INDEX,
  ownerGateway,
  routeBackends,
  routeParents,
  sliceService,
} from "./indexes.ts";
import type { Caches } from "./snapshot.ts";

/** The informers of one controller process. */
export interface Informers extends Caches {
  gatewayClasses: Informer<GatewayClass>;
  gateways: Informer<Gateway>;
  tcpRoutes: Informer<L4Route> | undefined;
  udpRoutes: Informer<L4Route> | undefined;
  referenceGrants: Informer<ReferenceGrant> | undefined;
  services: Informer<Service>;
  endpointSlices: Informer<EndpointSlice>;
  namespaces: Informer<Namespace>;
  configMaps: Informer<ConfigMap>;
  ipamConfigMap: Informer<ConfigMap>;
  crds: Informer<CustomResourceDefinition>;
}

/**
 * CRDs are cached only as far as `SupportedVersion` needs: Gateway API CRDs keep their annotations,
 * names and version list; every other CRD (whose schemas can be megabytes) keeps only its name.
 */
export function slimCrd(crd: CustomResourceDefinition): CustomResourceDefinition {
  const base = defaultTransform(CRDS)(crd);
  if (base.spec?.group !== GATEWAY_GROUP) {
    return {
      apiVersion: base.apiVersion!,
      kind: base.kind!,
      metadata: { name: base.metadata.name!, resourceVersion: base.metadata.resourceVersion! },
      spec: {
        ...base.spec,
        names: base.spec?.names,
        versions: [],
      } as CustomResourceDefinition["spec"],
    };
  }
  const versions = (base.spec.versions ?? []).map(({ schema: _schema, ...v }) => v);
  return { ...base, spec: { ...base.spec, versions } };
}

/**
 * Creates (without starting) every informer the controllers need.
 *
 * @param options.controllerName identifies the objects we made (ownership labels)
 * @param options.ipamConfigMap where the IPAM ConfigMap lives: watched on its own, by name, so that
 *   `--namespace` does not hide it
 */
export function createInformers(
  factory: SharedInformers,
  versions: GatewayVersions,
  options: { controllerName: string; ipamConfigMap: { namespace: string; name: string } },
): Informers {
  const owner = ownerGateway(options.controllerName);
  const routes = (type: GatewayVersions["tcpRoutes"]) =>
    type
      ? factory.informer(type, {
        indexers: { [INDEX.parent]: routeParents, [INDEX.backend]: routeBackends },
      })
      : undefined;
  return {
    gatewayClasses: factory.informer(GATEWAY_CLASSES, {
      indexers: { [INDEX.parameters]: classParameters },
    }),
    gateways: factory.informer(GATEWAYS, { indexers: { [INDEX.gatewayClass]: gatewayClassOf } }),
    tcpRoutes: routes(versions.tcpRoutes),
    udpRoutes: routes(versions.udpRoutes),
    referenceGrants: versions.referenceGrants
      ? factory.informer(versions.referenceGrants, {
        indexers: { [INDEX.fromNamespace]: grantFromNamespaces },
      })
      : undefined,
    services: factory.informer(SERVICES, { indexers: { [INDEX.ownerGateway]: owner } }),
    endpointSlices: factory.informer(ENDPOINTSLICES, {
      indexers: { [INDEX.ownerGateway]: owner, [INDEX.service]: sliceService },
    }),
    namespaces: factory.informer(NAMESPACES),
    configMaps: factory.informer(CONFIGMAPS),
    ipamConfigMap: factory.informer(CONFIGMAPS, {
      namespace: options.ipamConfigMap.namespace,
      fieldSelector: `metadata.name=${options.ipamConfigMap.name}`,
    }),
    crds: factory.informer(CRDS, { transform: slimCrd }),
  };
}
