/**
 * Schemas (zod) for the documents `translate` reads: the Kubernetes and Gateway API kinds it decides
 * on, and our `TranslateConfig`. Strict mode (golden test files) rejects any field we do not know;
 * lenient mode (the `translate` command, fed by `kubectl get -o yaml`) keeps unknown fields as they
 * are and checks only the fields translate reads.
 *
 * @module
 */
import { z } from "zod";

type Shape = Record<string, z.ZodType>;

/** The kinds `translate` reads. */
export const KNOWN_KINDS = [
  "GatewayClass",
  "Gateway",
  "TCPRoute",
  "UDPRoute",
  "ReferenceGrant",
  "Service",
  "EndpointSlice",
  "Namespace",
  "ConfigMap",
  "CustomResourceDefinition",
  "TranslateConfig",
] as const;

/** One of {@link KNOWN_KINDS}. */
export type KnownKind = typeof KNOWN_KINDS[number];

/**
 * The schemas of every kind, strict (unknown fields are errors) or lenient (unknown fields kept).
 *
 * @example
 * ```ts
 * schemas(true).Gateway.safeParse(doc).success;
 * ```
 */
export function schemas(strict: boolean): Record<KnownKind, z.ZodType> {
  const obj = <S extends Shape>(shape: S) => strict ? z.strictObject(shape) : z.looseObject(shape);
  const str = z.string();
  const int = z.number().int();
  const map = z.record(z.string(), z.string());
  const any = z.unknown();
  const opt = <T extends z.ZodType>(t: T) => t.optional();

  const condition = obj({
    type: str,
    status: z.enum(["True", "False", "Unknown"]),
    observedGeneration: opt(int),
    lastTransitionTime: str,
    reason: str,
    message: z.string(),
  });
  const metadata = obj({
    name: z.string().min(1, "metadata.name is required"),
    generateName: opt(str),
    namespace: opt(str),
    uid: opt(str),
    resourceVersion: opt(str),
    generation: opt(int),
    creationTimestamp: opt(str),
    deletionTimestamp: opt(str),
    deletionGracePeriodSeconds: opt(int),
    labels: opt(map),
    annotations: opt(map),
    ownerReferences: opt(z.array(obj({
      apiVersion: str,
      kind: str,
      name: str,
      uid: str,
      controller: opt(z.boolean()),
      blockOwnerDeletion: opt(z.boolean()),
    }))),
    finalizers: opt(z.array(str)),
    managedFields: opt(z.array(any)),
  });
  const selector = obj({
    matchLabels: opt(map),
    matchExpressions: opt(z.array(obj({
      key: str,
      operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
      values: opt(z.array(str)),
    }))),
  });
  const routeGroupKind = obj({ group: opt(str), kind: str });
  const parentRef = obj({
    group: opt(str),
    kind: opt(str),
    namespace: opt(str),
    name: str,
    sectionName: opt(str),
    port: opt(int),
  });
  const kube = <S extends Shape>(apiVersions: string[], kind: string, shape: S) =>
    obj({
      apiVersion: z.enum(apiVersions as [string, ...string[]]),
      kind: z.literal(kind),
      metadata,
      ...shape,
    });
  const gw = (v: string[]) => v.map((x) => `gateway.networking.k8s.io/${x}`);

  const gatewayClass = kube(gw(["v1", "v1beta1"]), "GatewayClass", {
    spec: obj({
      controllerName: str,
      parametersRef: opt(obj({ group: str, kind: str, name: str, namespace: opt(str) })),
      description: opt(str),
    }),
    status: opt(obj({
      conditions: opt(z.array(condition)),
      supportedFeatures: opt(z.array(obj({ name: str }))),
    })),
  });
  const gateway = kube(gw(["v1", "v1beta1"]), "Gateway", {
    spec: obj({
      gatewayClassName: str,
      listeners: z.array(obj({
        name: str,
        hostname: opt(str),
        port: int,
        protocol: str,
        tls: opt(any),
        allowedRoutes: opt(obj({
          namespaces: opt(obj({
            from: opt(z.enum(["All", "Same", "Selector"])),
            selector: opt(selector),
          })),
          kinds: opt(z.array(routeGroupKind)),
        })),
      })),
      addresses: opt(z.array(obj({ type: opt(str), value: opt(str) }))),
      infrastructure: opt(obj({
        labels: opt(map),
        annotations: opt(map),
        parametersRef: opt(obj({ group: str, kind: str, name: str })),
      })),
      allowedListeners: opt(any),
      tls: opt(any),
      defaultScope: opt(any),
    }),
    status: opt(obj({
      addresses: opt(z.array(obj({ type: opt(str), value: str }))),
      conditions: opt(z.array(condition)),
      listeners: opt(z.array(obj({
        name: str,
        supportedKinds: z.array(routeGroupKind),
        attachedRoutes: int,
        conditions: z.array(condition),
      }))),
    })),
  });
  const route = (kind: string) =>
    kube(gw(["v1", "v1alpha2"]), kind, {
      spec: obj({
        parentRefs: opt(z.array(parentRef)),
        rules: z.array(obj({
          name: opt(str),
          backendRefs: opt(z.array(obj({
            group: opt(str),
            kind: opt(str),
            name: str,
            namespace: opt(str),
            port: opt(int),
            weight: opt(int),
          }))),
        })),
        useDefaultGateways: opt(str),
      }),
      status: opt(obj({
        parents: z.array(obj({ parentRef, controllerName: str, conditions: z.array(condition) })),
      })),
    });
  const referenceGrant = kube(gw(["v1", "v1beta1"]), "ReferenceGrant", {
    spec: obj({
      from: z.array(obj({ group: str, kind: str, namespace: str })),
      to: z.array(obj({ group: str, kind: str, name: opt(str) })),
    }),
  });
  const servicePort = obj({
    name: opt(str),
    protocol: opt(z.enum(["TCP", "UDP", "SCTP"])),
    appProtocol: opt(str),
    port: int,
    targetPort: opt(z.union([int, str])),
    nodePort: opt(int),
  });
  const service = kube(["v1"], "Service", {
    spec: opt(obj({
      type: opt(z.enum(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"])),
      selector: opt(map),
      ports: opt(z.array(servicePort)),
      clusterIP: opt(str),
      clusterIPs: opt(z.array(str)),
      externalName: opt(str),
      externalIPs: opt(z.array(str)),
      externalTrafficPolicy: opt(z.enum(["Cluster", "Local"])),
      internalTrafficPolicy: opt(z.enum(["Cluster", "Local"])),
      loadBalancerIP: opt(str),
      loadBalancerClass: opt(str),
      loadBalancerSourceRanges: opt(z.array(str)),
      allocateLoadBalancerNodePorts: opt(z.boolean()),
      healthCheckNodePort: opt(int),
      ipFamilies: opt(z.array(z.enum(["IPv4", "IPv6"]))),
      ipFamilyPolicy: opt(z.enum(["SingleStack", "PreferDualStack", "RequireDualStack"])),
      sessionAffinity: opt(z.enum(["None", "ClientIP"])),
      sessionAffinityConfig: opt(any),
      publishNotReadyAddresses: opt(z.boolean()),
      trafficDistribution: opt(str),
    })),
    status: opt(obj({
      loadBalancer: opt(obj({
        ingress: opt(z.array(obj({
          ip: opt(str),
          hostname: opt(str),
          ipMode: opt(z.enum(["VIP", "Proxy"])),
          ports: opt(z.array(obj({ port: int, protocol: str, error: opt(str) }))),
        }))),
      })),
      conditions: opt(z.array(condition)),
    })),
  });
  const endpointSlice = kube(["discovery.k8s.io/v1"], "EndpointSlice", {
    addressType: z.enum(["IPv4", "IPv6", "FQDN"]),
    endpoints: opt(
      z.array(obj({
        addresses: z.array(str),
        conditions: opt(obj({
          ready: opt(z.boolean()),
          serving: opt(z.boolean()),
          terminating: opt(z.boolean()),
        })),
        hostname: opt(str),
        targetRef: opt(obj({
          apiVersion: opt(str),
          kind: opt(str),
          namespace: opt(str),
          name: opt(str),
          uid: opt(str),
          resourceVersion: opt(str),
        })),
        nodeName: opt(str),
        zone: opt(str),
        hints: opt(any),
        deprecatedTopology: opt(map),
      })).nullable(),
    ),
    ports: opt(
      z.array(obj({
        name: opt(str),
        protocol: opt(z.enum(["TCP", "UDP", "SCTP"])),
        port: opt(int),
        appProtocol: opt(str),
      })).nullable(),
    ),
  });
  const namespace = kube(["v1"], "Namespace", { spec: opt(any), status: opt(any) });
  const configMap = kube(["v1"], "ConfigMap", {
    data: opt(map),
    binaryData: opt(map),
    immutable: opt(z.boolean()),
  });
  const crd = kube(["apiextensions.k8s.io/v1"], "CustomResourceDefinition", {
    spec: z.looseObject({ group: str }),
    status: opt(any),
  });
  const translateConfig = z.strictObject({
    apiVersion: z.literal("l4gw.io/v1alpha1"),
    kind: z.literal("TranslateConfig"),
    controllerName: opt(str),
    serviceBehaviour: opt(z.enum(["gateway", "create", "duplicate", "update"])),
    announcer: opt(z.enum(["kube-vip", "metallb", "cilium", "generic"])),
    implementationLabel: opt(str),
    loadBalancerClass: opt(z.string()),
    setLoadBalancerIp: opt(z.boolean()),
    ipam: opt(z.enum(["internal", "external"])),
    ipamConfigMap: opt(z.strictObject({ namespace: str, name: str })),
    now: opt(z.iso.datetime()),
  });
  return {
    GatewayClass: gatewayClass,
    Gateway: gateway,
    TCPRoute: route("TCPRoute"),
    UDPRoute: route("UDPRoute"),
    ReferenceGrant: referenceGrant,
    Service: service,
    EndpointSlice: endpointSlice,
    Namespace: namespace,
    ConfigMap: configMap,
    CustomResourceDefinition: crd,
    TranslateConfig: translateConfig,
  };
}
