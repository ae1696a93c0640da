/**
 * Which fields of cluster objects put an address in use, read from plain objects (structural
 * types: any Service or Gateway object fits, no Kubernetes client needed), and how an informer
 * event updates the in-use view.
 *
 * @module
 */
import type { AddressesInUse } from "./in_use.ts";

/** The Service annotation that carries kube-vip's load-balancer addresses (a comma list). */
export const LOADBALANCER_IPS_ANNOTATION = "kube-vip.io/loadbalancerIPs";

/** The fields of a Service that hold load-balancer addresses. */
export interface ServiceAddressFields {
  readonly metadata?: {
    readonly annotations?: Readonly<Record<string, string>> | undefined;
  } | undefined;
  readonly spec?: { readonly loadBalancerIP?: string | undefined } | undefined;
  readonly status?: {
    readonly loadBalancer?: {
      readonly ingress?: readonly { readonly ip?: string | undefined }[] | undefined;
    } | undefined;
  } | undefined;
}

/** The fields of a Gateway that hold its addresses. */
export interface GatewayAddressFields {
  readonly status?: {
    readonly addresses?:
      | readonly { readonly type?: string | undefined; readonly value: string }[]
      | undefined;
  } | undefined;
}

/**
 * The addresses a Service holds: its address annotations (`annotationKeys`, default kube-vip's
 * `kube-vip.io/loadbalancerIPs`; comma lists, trimmed, as kube-vip reads them),
 * `spec.loadBalancerIP` and `status.loadBalancer.ingress[].ip`,
 * each once, in that order. Every Service counts, whatever its type or labels: an address a
 * Service still names is never handed to a Gateway.
 *
 * @example
 * ```ts
 * serviceAddresses({
 *   metadata: { annotations: { "kube-vip.io/loadbalancerIPs": "10.0.0.5, 2001:db8::5" } },
 *   spec: { loadBalancerIP: "10.0.0.5" },
 * }); // ["10.0.0.5", "2001:db8::5"]
 * ```
 */
export function serviceAddresses(
  service: ServiceAddressFields,
  annotationKeys: readonly string[] = [LOADBALANCER_IPS_ANNOTATION],
): string[] {
  const annotations = service.metadata?.annotations ?? {};
  const all = [
    ...annotationKeys.flatMap((key) => (annotations[key] ?? "").split(",").map((a) => a.trim())),
    service.spec?.loadBalancerIP ?? "",
    ...(service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? ""),
  ];
  return [...new Set(all.filter((a) => a !== ""))];
}

/**
 * The addresses a Gateway holds: its `status.addresses` of type `IPAddress` (the default when the
 * type is not given). The controller never writes a Gateway's spec: allocations live here.
 *
 * @example
 * ```ts
 * gatewayAddresses({ status: { addresses: [{ type: "IPAddress", value: "10.0.0.7" }] } });
 * // ["10.0.0.7"]
 * ```
 */
export function gatewayAddresses(gateway: GatewayAddressFields): string[] {
  const addresses = gateway.status?.addresses ?? [];
  const ips = addresses.filter((a) => (a.type ?? "IPAddress") === "IPAddress").map((a) => a.value);
  return [...new Set(ips)];
}

/** The owner name that messages show: `Service team-a/web`, `Gateway team-a/gw`. */
export function ownerName(kind: string, namespace: string, name: string): string {
  return `${kind} ${namespace}/${name}`;
}

/**
 * Applies an informer event to the view: `owner` held `before` and now holds `after` (`[]` before
 * for an add event, `[]` after for a delete event). Cost: O(changed addresses × log n).
 *
 * @returns the entries of `after` that are not IP addresses (a hostname in the annotation, a
 * typo), which are not recorded, so the caller can report them.
 * @example
 * ```ts
 * import { AddressesInUse } from "../ipam.ts";
 *
 * const inUse = new AddressesInUse();
 * const owner = ownerName("Service", "team-a", "web");
 * updateOwner(inUse, owner, [], ["10.0.0.5"]); // []
 * updateOwner(inUse, owner, ["10.0.0.5"], ["10.0.0.6", "lb.example.com"]); // ["lb.example.com"]
 * inUse.has("10.0.0.5"); // false
 * ```
 */
export function updateOwner(
  inUse: AddressesInUse,
  owner: string,
  before: readonly string[],
  after: readonly string[],
): string[] {
  for (const address of before) if (!after.includes(address)) inUse.remove(address, owner);
  return after.filter((address) => !inUse.add(address, owner));
}
