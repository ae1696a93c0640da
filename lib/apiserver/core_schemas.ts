/**
 * The fields of the built-in kinds, as structural schemas used only for pruning: kube-apiserver
 * decodes built-in objects into Go structs, so an unknown field is dropped (or, with
 * `fieldValidation=Strict`, rejected), and a controller that misspells a field must see that here as
 * it would on a real cluster. Nested structures the controller does not write are kept open
 * (`x-kubernetes-preserve-unknown-fields`).
 *
 * @module
 */
import { array, boolean, integer, object, string, stringMap } from "./schema_dsl.ts";
import type { Schema } from "./types.ts";

const open: Schema = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
const openList: Schema = { type: "array", items: open };
const root = (props: Record<string, Schema>): Schema =>
  object({ apiVersion: string(), kind: string(), metadata: open, ...props });

const objectReference = object({
  apiVersion: string(),
  fieldPath: string(),
  kind: string(),
  name: string(),
  namespace: string(),
  resourceVersion: string(),
  uid: string(),
});

const servicePort = object({
  name: string(),
  protocol: string(),
  appProtocol: string(),
  port: integer(),
  targetPort: { "x-kubernetes-int-or-string": true },
  nodePort: integer(),
});

const service = root({
  spec: object({
    ports: array(servicePort),
    selector: stringMap(),
    clusterIP: string(),
    clusterIPs: array(string()),
    type: string(),
    externalIPs: array(string()),
    sessionAffinity: string(),
    loadBalancerIP: string(),
    loadBalancerSourceRanges: array(string()),
    externalName: string(),
    externalTrafficPolicy: string(),
    healthCheckNodePort: integer(),
    publishNotReadyAddresses: boolean(),
    sessionAffinityConfig: open,
    ipFamilies: array(string()),
    ipFamilyPolicy: string(),
    allocateLoadBalancerNodePorts: boolean(),
    loadBalancerClass: string(),
    internalTrafficPolicy: string(),
    trafficDistribution: string(),
  }),
  status: object({ loadBalancer: object({ ingress: openList }), conditions: openList }),
});

const endpointSlice = root({
  addressType: string(),
  endpoints: {
    ...array(object({
      addresses: array(string()),
      conditions: object({ ready: boolean(), serving: boolean(), terminating: boolean() }),
      hostname: string(),
      targetRef: objectReference,
      deprecatedTopology: stringMap(),
      nodeName: string(),
      zone: string(),
      hints: open,
    })),
    nullable: true,
  },
  ports: {
    ...array(
      object({ name: string(), protocol: string(), port: integer(), appProtocol: string() }),
    ),
    nullable: true,
  },
});

const lease = root({
  spec: object({
    holderIdentity: string(),
    leaseDurationSeconds: integer(),
    acquireTime: string(),
    renewTime: string(),
    leaseTransitions: integer(),
    strategy: string(),
    preferredHolder: string(),
  }),
});

const coreEvent = root({
  involvedObject: objectReference,
  reason: string(),
  message: string(),
  source: object({ component: string(), host: string() }),
  firstTimestamp: { ...string(), nullable: true },
  lastTimestamp: { ...string(), nullable: true },
  count: integer(),
  type: string(),
  eventTime: { ...string(), nullable: true },
  series: object({ count: integer(), lastObservedTime: string() }),
  action: string(),
  related: objectReference,
  reportingComponent: string(),
  reportingInstance: string(),
});

const eventsV1 = root({
  eventTime: { ...string(), nullable: true },
  series: object({ count: integer(), lastObservedTime: string() }),
  reportingController: string(),
  reportingInstance: string(),
  action: string(),
  reason: string(),
  regarding: objectReference,
  related: objectReference,
  note: string(),
  type: string(),
  deprecatedSource: object({ component: string(), host: string() }),
  deprecatedFirstTimestamp: { ...string(), nullable: true },
  deprecatedLastTimestamp: { ...string(), nullable: true },
  deprecatedCount: integer(),
});

/** Pruning schemas of the built-in resources, by `group/resource`. */
export const CORE_SCHEMAS: Record<string, Schema> = {
  "/namespaces": root({
    spec: object({ finalizers: array(string()) }),
    status: object({ phase: string(), conditions: openList }),
  }),
  "/services": service,
  "/configmaps": root({ data: stringMap(), binaryData: stringMap(), immutable: boolean() }),
  "/secrets": root({
    data: stringMap(),
    stringData: stringMap(),
    type: string(),
    immutable: boolean(),
  }),
  "/events": coreEvent,
  "events.k8s.io/events": eventsV1,
  "discovery.k8s.io/endpointslices": endpointSlice,
  "coordination.k8s.io/leases": lease,
  "apiextensions.k8s.io/customresourcedefinitions": root({ spec: open, status: open }),
};
