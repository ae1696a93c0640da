/**
 * The indexes one translate pass works from, built once per call (every lookup after that is a map
 * read, so a pass costs time linear in its input).
 *
 * @module
 */
import { serviceAddresses } from "./announcer.ts";
import { gatewayKeyOf } from "./attachment.ts";
import { formatTime } from "./conditions.ts";
import { AddressesInUse, gatewayAddresses, ownerName, updateOwner } from "./ipam.ts";
import { isOurs, ownerGatewayKey, SERVICE_NAME_LABEL } from "./ownership.ts";
import { GrantIndex } from "./reference_grants.ts";
import type { KindedRoute, TranslateConfig, TranslateInput } from "./translate_types.ts";
import {
  type ConfigMap,
  type EndpointSlice,
  type Gateway,
  type GatewayClass,
  type KubeObject,
  type Namespace,
  objectKey,
  type Service,
} from "./types/mod.ts";

/** Reads Services by `namespace/name`. */
export interface ServiceLookup {
  get(key: string): Service | undefined;
  has(key: string): boolean;
}

function serviceLookup(
  list: readonly Service[],
  fallback: TranslateInput["lookupService"],
): ServiceLookup {
  const map = byKey(list);
  const get = (key: string) => {
    const found = map.get(key);
    if (found || !fallback) return found;
    const slash = key.indexOf("/");
    return fallback(key.slice(0, slash), key.slice(slash + 1));
  };
  return { get, has: (key) => get(key) !== undefined };
}

/** Indexed view of a {@link TranslateInput}. */
export interface Snapshot {
  config: TranslateConfig;
  /** `now` formatted for `lastTransitionTime`. */
  now: string;
  classes: Map<string, GatewayClass>;
  /** Gateways by key, and in processing order (oldest first, then key). */
  gateways: Map<string, Gateway>;
  gatewayOrder: string[];
  routes: KindedRoute[];
  /** Routes naming each Gateway key in a parentRef. */
  routesByGateway: Map<string, KindedRoute[]>;
  /** Services by `namespace/name`: the snapshot's, then `lookupService` for any other key. */
  services: ServiceLookup;
  /** Slices by `namespace/service-name`. */
  slicesByService: Map<string, EndpointSlice[]>;
  /** Our Services and EndpointSlices (labelled for this controllerName). */
  ourServices: Service[];
  ourSlices: EndpointSlice[];
  ourSlicesByKey: Map<string, EndpointSlice>;
  /** Every EndpointSlice by `namespace/name`. */
  slicesByKey: Map<string, EndpointSlice>;
  /** Our Services by the key of the Gateway they were made for. */
  ourServicesByGateway: Map<string, Service[]>;
  configMaps: Map<string, ConfigMap>;
  grants: GrantIndex;
  namespaceLabels: (namespace: string) => Readonly<Record<string, string>>;
  /** An overlay of the cluster view: this pass's allocations go here. */
  inUse: AddressesInUse;
  /** The input, for fields read as they are. */
  input: TranslateInput;
}

function byKey<T extends KubeObject>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((o) => [objectKey(o), o]));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The addresses in use according to a snapshot, as the IPAM module's view counts them (Gateways'
 * `status.addresses`; Services' `spec.loadBalancerIP` and ingress IPs), plus the address annotations
 * of every announcer profile (not only kube-vip's). Entries that are not IP addresses are skipped.
 *
 * @example
 * ```ts
 * addressesInUseOf(gateways, services).owners("10.0.0.5"); // ["Gateway apps/gw", "Service apps/gw-l4"]
 * ```
 */
export function addressesInUseOf(
  gateways: readonly Gateway[],
  services: readonly Service[],
): AddressesInUse {
  const view = new AddressesInUse();
  for (const g of gateways) {
    const { namespace = "", name = "" } = g.metadata;
    updateOwner(view, ownerName("Gateway", namespace, name), [], gatewayAddresses(g));
  }
  for (const s of services) {
    const { namespace = "", name = "" } = s.metadata;
    updateOwner(view, ownerName("Service", namespace, name), [], serviceAddresses(s));
  }
  return view;
}

function olderFirst(a: Gateway, b: Gateway): number {
  const ta = a.metadata.creationTimestamp ?? "";
  const tb = b.metadata.creationTimestamp ?? "";
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = objectKey(a);
  const kb = objectKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Builds every index of a pass. */
export function buildSnapshot(input: TranslateInput): Snapshot {
  const gatewayList = input.gateways ?? [];
  const serviceList = input.services ?? [];
  const routes: KindedRoute[] = [
    ...(input.tcpRoutes ?? []).map((route) => ({ kind: "TCPRoute" as const, route })),
    ...(input.udpRoutes ?? []).map((route) => ({ kind: "UDPRoute" as const, route })),
  ];
  const routesByGateway = new Map<string, KindedRoute[]>();
  for (const kr of routes) {
    const seen = new Set<string>();
    for (const ref of kr.route.spec?.parentRefs ?? []) {
      const key = gatewayKeyOf(ref, kr.route.metadata.namespace ?? "");
      if (key && !seen.has(key)) {
        seen.add(key);
        push(routesByGateway, key, kr);
      }
    }
  }
  const slicesByService = new Map<string, EndpointSlice[]>();
  const ourSlices: EndpointSlice[] = [];
  const controller = input.config.controllerName;
  for (const s of input.endpointSlices ?? []) {
    if (isOurs(s, controller)) ourSlices.push(s);
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svc) push(slicesByService, `${s.metadata.namespace}/${svc}`, s);
  }
  const namespaces = new Map<string, Namespace>(
    (input.namespaces ?? []).map((n) => [n.metadata.name ?? "", n]),
  );
  const ourServices = serviceList.filter((s) => isOurs(s, controller));
  const ourServicesByGateway = new Map<string, Service[]>();
  for (const s of ourServices) push(ourServicesByGateway, ownerGatewayKey(s, controller)!, s);
  const view = input.addressesInUse ?? addressesInUseOf(gatewayList, serviceList);
  return {
    config: input.config,
    now: formatTime(input.now),
    classes: new Map((input.gatewayClasses ?? []).map((c) => [c.metadata.name ?? "", c])),
    gateways: byKey(gatewayList),
    gatewayOrder: [...gatewayList].sort(olderFirst).map(objectKey),
    routes,
    routesByGateway,
    services: serviceLookup(serviceList, input.lookupService),
    slicesByService,
    ourServices,
    ourSlices,
    ourSlicesByKey: byKey(ourSlices),
    slicesByKey: byKey(input.endpointSlices ?? []),
    ourServicesByGateway,
    configMaps: byKey(input.configMaps ?? []),
    grants: new GrantIndex(input.referenceGrants ?? []),
    namespaceLabels: (ns) => ({
      ...namespaces.get(ns)?.metadata.labels,
      "kubernetes.io/metadata.name": ns,
    }),
    inUse: view.overlay(),
    input,
  };
}
