/**
 * Builders of the objects end-to-end tests apply: a pool, a class, Gateways, backends (a Service and
 * the EndpointSlice standing in for its Pods), routes and grants.
 *
 * @module
 */
import type {
  ConfigMap,
  EndpointSlice,
  Gateway,
  GatewayClass,
  L4Route,
  Listener,
  Namespace,
  ReferenceGrant,
  Service,
} from "../../lib/types/mod.ts";
import { CONTROLLER_NAME } from "./cluster.ts";

/** The Gateway API v1 apiVersion. */
export const GW = "gateway.networking.k8s.io/v1";

/** Renders objects as one YAML stream (JSON documents are YAML). */
export function docs(...objects: object[]): string {
  return objects.map((o) => JSON.stringify(o)).join("\n---\n");
}

/** A Namespace with labels. */
export function namespace(name: string, labels: Record<string, string> = {}): Namespace {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/** The IPAM ConfigMap (`kube-system/kubevip`) with `data`. */
export function pool(data: Record<string, string>): ConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { namespace: "kube-system", name: "kubevip" },
    data,
  };
}

/** A GatewayClass of ours, named `l4`. */
export function gatewayClass(name = "l4"): GatewayClass {
  return {
    apiVersion: GW,
    kind: "GatewayClass",
    metadata: { name },
    spec: { controllerName: CONTROLLER_NAME },
  };
}

/** A Gateway of class `l4`. */
export function gateway(
  ns: string,
  name: string,
  listeners: Listener[],
  addresses?: { type?: string; value: string }[],
): Gateway {
  return {
    apiVersion: GW,
    kind: "Gateway",
    metadata: { namespace: ns, name },
    spec: { gatewayClassName: "l4", listeners, ...(addresses ? { addresses } : {}) },
  };
}

/** A listener. */
export function listener(
  name: string,
  protocol: "TCP" | "UDP",
  port: number,
  allowedRoutes?: Listener["allowedRoutes"],
): Listener {
  return { name, protocol, port, ...(allowedRoutes ? { allowedRoutes } : {}) };
}

/** A backend Service (selector `app: <name>`) and the EndpointSlice standing in for its Pods. */
export function backend(
  ns: string,
  name: string,
  port: number,
  options: { targetPort?: number; protocol?: "TCP" | "UDP"; ips?: string[] } = {},
): [Service, EndpointSlice] {
  const { targetPort = port, protocol = "TCP", ips = ["10.244.0.10"] } = options;
  return [
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { namespace: ns, name },
      spec: { selector: { app: name }, ports: [{ name: "main", protocol, port, targetPort }] },
    },
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        namespace: ns,
        name: `${name}-pods`,
        labels: { "kubernetes.io/service-name": name },
      },
      addressType: "IPv4",
      ports: [{ name: "main", protocol, port: targetPort }],
      endpoints: ips.map((ip, i) => ({
        addresses: [ip],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: `node-${i}`,
      })),
    },
  ];
}

/** A TCPRoute or UDPRoute with one rule. */
export function route(
  kind: "TCPRoute" | "UDPRoute",
  ns: string,
  name: string,
  parent: { name: string; namespace?: string; sectionName?: string },
  backends: { name: string; namespace?: string; port: number; weight?: number }[],
  labels: Record<string, string> = {},
): L4Route {
  return {
    apiVersion: GW,
    kind,
    metadata: { namespace: ns, name, labels },
    spec: { parentRefs: [parent], rules: [{ backendRefs: backends }] },
  };
}

/** A ReferenceGrant in `ns` letting routes of `kind` in `fromNs` reference Services (optionally one). */
export function grant(
  ns: string,
  fromNs: string,
  kind: "TCPRoute" | "UDPRoute",
  toName?: string,
): ReferenceGrant {
  return {
    apiVersion: GW,
    kind: "ReferenceGrant",
    metadata: { namespace: ns, name: `from-${fromNs}` },
    spec: {
      from: [{ group: "gateway.networking.k8s.io", kind, namespace: fromNs }],
      to: [{ group: "", kind: "Service", ...(toName ? { name: toName } : {}) }],
    },
  };
}

/** The base every scenario needs: namespace `apps`, a pool and the class. */
export function basics(
  poolData: Record<string, string> = { "range-global": "172.18.100.10-172.18.100.30" },
): string {
  return docs(namespace("apps"), pool(poolData), gatewayClass());
}
