/**
 * The decision settings of `translate()` from the command-line flags (shared by the controller and
 * the `translate` command).
 *
 * @module
 */
import type { DecisionOptions } from "./cli.ts";
import type { TranslateConfig } from "./translate_types.ts";

/**
 * The decision settings the flags give.
 *
 * @example
 * ```ts
 * configFromOptions(options).ipamConfigMap; // { namespace: "kube-system", name: "kubevip" }
 * ```
 */
export function configFromOptions(options: DecisionOptions): TranslateConfig {
  return {
    controllerName: options.gatewayClassName,
    serviceBehaviour: options.serviceBehaviour,
    announcer: options.announcer,
    implementationLabel: options.implementationLabel,
    loadBalancerClass: options.loadBalancerClass,
    setLoadBalancerIp: options.setLoadBalancerIp,
    ipam: options.ipam,
    ipamConfigMap: { namespace: options.ipamConfigmapNamespace, name: options.ipamConfigmap },
  };
}
