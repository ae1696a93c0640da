/**
 * Announcer profiles: where a Service carries the address the announcer should announce (design §7).
 *
 * | profile    | address field                                    | source                         |
 * | ---------- | ------------------------------------------------ | ------------------------------ |
 * | `kube-vip` | annotation `kube-vip.io/loadbalancerIPs`         | kube-vip ≥ 0.5.12 docs         |
 * | `metallb`  | annotation `metallb.io/loadBalancerIPs`          | MetalLB ≥ 0.14 (was `metallb.universe.tf/…`) |
 * | `cilium`   | annotation `lbipam.cilium.io/ips`                | Cilium LB-IPAM ≥ 1.15 (was `io.cilium/lb-ipam-ips`) |
 * | `generic`  | `spec.loadBalancerIP` (deprecated Kubernetes field) | any cloud-provider style LB |
 *
 * `spec.loadBalancerIP` is also written for the other profiles when `setLoadBalancerIp` is on. The
 * DHCP placeholder `0.0.0.0` only means something to kube-vip, so other profiles get no address then.
 *
 * @module
 */
import type { Announcer } from "./cli.ts";
import type { Service } from "./types/mod.ts";
import { serviceAddresses as ipamServiceAddresses } from "./ipam.ts";

/** The address annotation of each profile (`generic` has none). */
export const ADDRESS_ANNOTATION: Readonly<Record<Announcer, string | undefined>> = {
  "kube-vip": "kube-vip.io/loadbalancerIPs",
  metallb: "metallb.io/loadBalancerIPs",
  cilium: "lbipam.cilium.io/ips",
  generic: undefined,
};

/** Every address annotation we know, current and legacy spellings, for reading addresses in use. */
export const KNOWN_ADDRESS_ANNOTATIONS: readonly string[] = [
  "kube-vip.io/loadbalancerIPs",
  "metallb.io/loadBalancerIPs",
  "metallb.universe.tf/loadBalancerIPs",
  "lbipam.cilium.io/ips",
  "io.cilium/lb-ipam-ips",
];

/** The address placeholder that asks kube-vip for DHCP. */
export const DHCP_ADDRESS = "0.0.0.0";

/** The fields that carry an address on a Service. */
export interface AddressFields {
  /** Annotations to set (key → comma list). */
  annotations: Record<string, string>;
  /** `spec.loadBalancerIP` to set, if any. */
  loadBalancerIP?: string;
}

/**
 * The fields that put `address` on a Service for `announcer`. No address: nothing.
 *
 * @example
 * ```ts
 * addressFields("kube-vip", "10.0.0.5", false);
 * // { annotations: { "kube-vip.io/loadbalancerIPs": "10.0.0.5" } }
 * addressFields("generic", "10.0.0.5", false); // { annotations: {}, loadBalancerIP: "10.0.0.5" }
 * ```
 */
export function addressFields(
  announcer: Announcer,
  address: string | undefined,
  setLoadBalancerIp: boolean,
): AddressFields {
  if (!address) return { annotations: {} };
  if (address === DHCP_ADDRESS && announcer !== "kube-vip") return { annotations: {} };
  const key = ADDRESS_ANNOTATION[announcer];
  const annotations = key ? { [key]: address } : {};
  const ip = announcer === "generic" || (setLoadBalancerIp && address !== DHCP_ADDRESS);
  return ip ? { annotations, loadBalancerIP: address } : { annotations };
}

/**
 * Every address a Service claims: known address annotations (comma lists), `spec.loadBalancerIP`,
 * and `status.loadBalancer.ingress[].ip`. The DHCP placeholder is not an address.
 *
 * @example
 * ```ts
 * serviceAddresses({ metadata: { annotations: { "kube-vip.io/loadbalancerIPs": "10.0.0.5" } } });
 * // ["10.0.0.5"]
 * ```
 */
export function serviceAddresses(service: Service): string[] {
  return ipamServiceAddresses(service, KNOWN_ADDRESS_ANNOTATIONS).filter((a) =>
    a !== DHCP_ADDRESS && a !== "::"
  );
}
