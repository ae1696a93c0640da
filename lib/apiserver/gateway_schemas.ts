/**
 * Structural schemas of the Gateway API v1.6.1 kinds the server installs as CRDs (GatewayClass,
 * Gateway, TCPRoute, UDPRoute, ReferenceGrant), written by hand from the Go types in
 * kubernetes-sigs/gateway-api `apis/v1`: every standard-channel spec field, the defaults a real
 * cluster applies (reference §12), and the size, enum and pattern limits. The CEL rules a controller
 * can trip are enforced by `gateway_validators.ts` and listed here as `x-kubernetes-validations` text.
 *
 * @module
 */
import {
  array,
  conditions,
  enumOf,
  integer,
  labelSelector,
  mapList,
  object,
  req,
  string,
  stringMap,
  withDefault,
} from "./schema_dsl.ts";
import type { Json, Schema } from "./types.ts";

/** The Gateway API group. */
export const GATEWAY_GROUP = "gateway.networking.k8s.io";

const DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const GROUP = string({
  maxLength: 253,
  pattern: "^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
});
const KIND = string({
  maxLength: 63,
  minLength: 1,
  pattern: "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$",
});
const OBJECT_NAME = string({ maxLength: 253, minLength: 1 });
const NAMESPACE = string({
  maxLength: 63,
  minLength: 1,
  pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
});
const SECTION_NAME = string({ maxLength: 253, minLength: 1, pattern: DNS_SUBDOMAIN });
const PORT = integer({ minimum: 1, maximum: 65535 });
const HOSTNAME = string({
  maxLength: 253,
  minLength: 1,
  pattern: "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
});
const CONTROLLER_NAME = string({
  maxLength: 253,
  minLength: 1,
  pattern:
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$",
});

/** The Pending conditions a real cluster shows before a controller writes status (reference §0.10). */
export function pendingConditions(types: string[]): Json {
  return types.map((type) => ({
    type,
    status: "Unknown",
    reason: "Pending",
    message: "Waiting for controller",
    lastTransitionTime: "1970-01-01T00:00:00Z",
  }));
}

const parentReference = req(
  object({
    group: withDefault(GROUP, GATEWAY_GROUP),
    kind: withDefault(KIND, "Gateway"),
    namespace: NAMESPACE,
    name: OBJECT_NAME,
    sectionName: SECTION_NAME,
    port: PORT,
  }),
  "name",
);

const backendRef = req(
  object({
    group: withDefault(GROUP, ""),
    kind: withDefault(KIND, "Service"),
    name: OBJECT_NAME,
    namespace: NAMESPACE,
    port: PORT,
    weight: withDefault(integer({ minimum: 0, maximum: 1000000 }), 1),
  }, {
    "x-kubernetes-validations": [{
      rule: "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true",
      message: "Must have port for Service reference",
    }],
  }),
  "name",
);

const routeParentStatus = req(
  object({
    parentRef: parentReference,
    controllerName: CONTROLLER_NAME,
    conditions: conditions(8, undefined),
  }),
  "parentRef",
  "controllerName",
  "conditions",
);

/** TCPRoute/UDPRoute schema; v1 allows one rule, v1alpha2 sixteen. */
export function routeSchema(maxRules: number): Schema {
  return object({
    spec: req(
      object({
        parentRefs: array(parentReference, {
          maxItems: 32,
          "x-kubernetes-validations": [{
            rule:
              "self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && p1.namespace == p2.namespace && p1.sectionName == p2.sectionName))",
            message:
              "sectionName must be unique when parentRefs includes 2 or more references to the same parent",
          }],
        }),
        rules: array(
          req(
            object({
              name: SECTION_NAME,
              backendRefs: array(backendRef, { minItems: 1, maxItems: 16 }),
            }),
            "backendRefs",
          ),
          { minItems: 1, maxItems: maxRules },
        ),
      }),
      "rules",
    ),
    status: req(
      object({ parents: array(routeParentStatus, { maxItems: 32 }) }),
      "parents",
    ),
  });
}

const listener = req(
  object({
    name: SECTION_NAME,
    hostname: HOSTNAME,
    port: PORT,
    protocol: string({
      maxLength: 255,
      minLength: 1,
      pattern:
        "^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\/[A-Za-z0-9]+$",
    }),
    tls: object({
      mode: withDefault(enumOf(["Terminate", "Passthrough"]), "Terminate"),
      certificateRefs: array(
        req(
          object({
            group: withDefault(GROUP, ""),
            kind: withDefault(KIND, "Secret"),
            name: OBJECT_NAME,
            namespace: NAMESPACE,
          }),
          "name",
        ),
        { maxItems: 64 },
      ),
      options: stringMap({ maxProperties: 16 }),
    }),
    allowedRoutes: withDefault(
      object({
        namespaces: withDefault(
          object({
            from: withDefault(enumOf(["All", "Selector", "Same"]), "Same"),
            selector: labelSelector,
          }),
          { from: "Same" },
        ),
        kinds: array(
          req(object({ group: withDefault(GROUP, GATEWAY_GROUP), kind: KIND }), "kind"),
          { maxItems: 8 },
        ),
      }),
      { namespaces: { from: "Same" } },
    ),
  }),
  "name",
  "port",
  "protocol",
);

const frontendValidation = object({
  caCertificateRefs: array(
    req(
      object({ group: GROUP, kind: KIND, name: OBJECT_NAME, namespace: NAMESPACE }),
      "group",
      "kind",
      "name",
    ),
    { minItems: 1, maxItems: 8 },
  ),
  mode: withDefault(enumOf(["AllowValidOnly", "AllowInsecureFallback"]), "AllowValidOnly"),
});

/** Gateway schema (v1 and v1beta1 are identical). */
export const gatewaySchema: Schema = object({
  spec: req(
    object({
      gatewayClassName: OBJECT_NAME,
      listeners: mapList(listener, ["name"], {
        minItems: 1,
        maxItems: 64,
        "x-kubernetes-validations": [
          {
            rule: "self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true)",
            message: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
          },
          {
            rule: "self.all(l, l.protocol in ['TCP', 'UDP'] ? !has(l.hostname) : true)",
            message: "hostname must not be specified for protocols ['TCP', 'UDP']",
          },
          {
            rule: "self.all(l1, self.exists_one(l2, l1.name == l2.name))",
            message: "Listener name must be unique within the Gateway",
          },
          {
            rule:
              "self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))",
            message: "Combination of port, protocol and hostname must be unique for each listener",
          },
        ],
      }),
      addresses: array(
        object({
          type: withDefault(string({ maxLength: 253, minLength: 1 }), "IPAddress"),
          value: string({ maxLength: 253 }),
        }),
        {
          maxItems: 16,
          "x-kubernetes-validations": [
            {
              rule:
                "self.all(a1, a1.type == 'IPAddress' && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && a2.value == a1.value) : true )",
              message: "IPAddress values must be unique",
            },
            {
              rule:
                "self.all(a1, a1.type == 'Hostname' && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && a2.value == a1.value) : true )",
              message: "Hostname values must be unique",
            },
          ],
        },
      ),
      infrastructure: object({
        labels: stringMap({ maxProperties: 8 }),
        annotations: stringMap({ maxProperties: 16 }),
        parametersRef: req(
          object({ group: GROUP, kind: KIND, name: OBJECT_NAME }),
          "group",
          "kind",
          "name",
        ),
      }),
      allowedListeners: withDefault(
        object({
          namespaces: withDefault(
            object({
              from: withDefault(enumOf(["All", "Selector", "Same", "None"]), "None"),
              selector: labelSelector,
            }),
            { from: "None" },
          ),
        }),
        { namespaces: { from: "None" } },
      ),
      tls: object({
        backend: object({
          clientCertificateRef: req(
            object({
              group: withDefault(GROUP, ""),
              kind: withDefault(KIND, "Secret"),
              name: OBJECT_NAME,
              namespace: NAMESPACE,
            }),
            "name",
          ),
        }),
        frontend: object({
          default: object({ validation: frontendValidation }),
          perPort: mapList(
            req(
              object({ port: PORT, tls: object({ validation: frontendValidation }) }),
              "port",
              "tls",
            ),
            ["port"],
            { maxItems: 64 },
          ),
        }),
      }),
    }),
    "gatewayClassName",
    "listeners",
  ),
  status: withDefault(
    object({
      addresses: array(
        req(
          object({
            type: withDefault(string({ maxLength: 253, minLength: 1 }), "IPAddress"),
            value: string({ maxLength: 253, minLength: 1 }),
          }),
          "value",
        ),
        { maxItems: 16 },
      ),
      conditions: conditions(8, pendingConditions(["Accepted", "Programmed"])),
      listeners: mapList(
        req(
          object({
            name: SECTION_NAME,
            supportedKinds: array(req(object({ group: GROUP, kind: KIND }), "kind"), {
              maxItems: 8,
            }),
            attachedRoutes: integer(),
            conditions: conditions(8),
          }),
          "name",
          "supportedKinds",
          "attachedRoutes",
          "conditions",
        ),
        ["name"],
        { maxItems: 64 },
      ),
      attachedListenerSets: integer(),
    }),
    { conditions: pendingConditions(["Accepted", "Programmed"]) },
  ),
});

/** GatewayClass schema (v1 and v1beta1 are identical). */
export const gatewayClassSchema: Schema = object({
  spec: req(
    object({
      controllerName: {
        ...CONTROLLER_NAME,
        "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "Value is immutable" }],
      },
      parametersRef: req(
        object({ group: GROUP, kind: KIND, name: OBJECT_NAME, namespace: NAMESPACE }),
        "group",
        "kind",
        "name",
      ),
      description: string({ maxLength: 64 }),
    }),
    "controllerName",
  ),
  status: withDefault(
    object({
      conditions: conditions(8, pendingConditions(["Accepted"])),
      supportedFeatures: mapList(
        req(object({ name: string({ maxLength: 128, minLength: 1 }) }), "name"),
        ["name"],
        {
          maxItems: 64,
        },
      ),
    }),
    { conditions: pendingConditions(["Accepted"]) },
  ),
});

/** ReferenceGrant schema (v1beta1 and v1 are identical). */
export const referenceGrantSchema: Schema = object({
  spec: req(
    object({
      from: array(
        req(
          object({ group: GROUP, kind: KIND, namespace: NAMESPACE }),
          "group",
          "kind",
          "namespace",
        ),
        {
          minItems: 1,
          maxItems: 16,
        },
      ),
      to: array(req(object({ group: GROUP, kind: KIND, name: OBJECT_NAME }), "group", "kind"), {
        minItems: 1,
        maxItems: 16,
      }),
    }),
    "from",
    "to",
  ),
});
