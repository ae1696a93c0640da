/**
 * Route backends (reference §3, design §6): each `backendRef` is checked in the spec's order (kind,
 * then ReferenceGrant before existence, then the port), and the route's `ResolvedRefs` condition says
 * what failed. A route keeps only its first rule: v1 allows one, and v1alpha2 objects with more are
 * reported with `PartiallyInvalid`.
 *
 * @module
 */
import type { ServiceBehaviour } from "./cli.ts";
import { type ConditionSpec, isFalse, isTrue } from "./conditions.ts";
import type { GrantIndex } from "./reference_grants.ts";
import { createSelector } from "./service_behaviour.ts";
import type { KindedRoute } from "./translate_types.ts";
import { type BackendRef, GATEWAY_GROUP, type Service, type ServicePort } from "./types/mod.ts";

/** The transport protocol of each route kind. */
export const PROTOCOL_OF_KIND = { TCPRoute: "TCP", UDPRoute: "UDP" } as const;

/** A backendRef that passed every check. */
export interface Backend {
  ref: BackendRef;
  namespace: string;
  name: string;
  port: number;
  /** Default 1; 0 means no traffic. */
  weight: number;
  /** The Service (absent for `create`, which needs none to exist). */
  service?: Service;
  /** The Service port the ref names (absent for `create`). */
  servicePort?: ServicePort;
}

/** The outcome for a route's backends. */
export interface BackendResolution {
  /** The route's `ResolvedRefs` condition (the same for every parent). */
  resolvedRefs: ConditionSpec;
  /** The valid backends, in spec order. */
  backends: Backend[];
  /** How many rules after the first were ignored (v1alpha2 objects only). */
  droppedRules: number;
}

/** Lookups {@link resolveBackends} needs, built once per pass. */
export interface BackendContext {
  /** Services by `namespace/name`. */
  services: { get(key: string): Service | undefined };
  grants: GrantIndex;
}

interface Problem {
  reason: "InvalidKind" | "RefNotPermitted" | "BackendNotFound";
  message: string;
}

function check(
  kr: KindedRoute,
  ref: BackendRef,
  behaviour: ServiceBehaviour,
  ctx: BackendContext,
): Problem | Backend {
  const routeNs = kr.route.metadata.namespace ?? "";
  const group = ref.group ?? "";
  const kind = ref.kind ?? "Service";
  const namespace = ref.namespace ?? routeNs;
  const label = `${group ? `${group}/` : ""}${kind} ${namespace}/${ref.name}`;
  if (group !== "" || kind !== "Service") {
    return { reason: "InvalidKind", message: `backendRef ${label} is not a core Service` };
  }
  const from = { group: GATEWAY_GROUP, kind: kr.kind, namespace: routeNs };
  if (!ctx.grants.permits(from, { group: "", kind: "Service", namespace, name: ref.name })) {
    return {
      reason: "RefNotPermitted",
      message: `backendRef Service ${namespace}/${ref.name} is in another namespace and no ` +
        `ReferenceGrant in ${namespace} allows ${kr.kind}s from ${routeNs}`,
    };
  }
  if (ref.port === undefined) {
    return {
      reason: "BackendNotFound",
      message: `backendRef Service ${namespace}/${ref.name} has no port`,
    };
  }
  const backend = { ref, namespace, name: ref.name, port: ref.port, weight: ref.weight ?? 1 };
  if (behaviour === "create") return backend;
  const service = ctx.services.get(`${namespace}/${ref.name}`);
  if (!service) {
    return {
      reason: "BackendNotFound",
      message: `Service ${namespace}/${ref.name} does not exist`,
    };
  }
  if (service.spec?.type === "ExternalName") {
    return {
      reason: "InvalidKind",
      message:
        `Service ${namespace}/${ref.name} is of type ExternalName, which cannot carry L4 traffic`,
    };
  }
  const protocol = PROTOCOL_OF_KIND[kr.kind];
  const servicePort = service.spec?.ports?.find((p) =>
    p.port === ref.port && (p.protocol ?? "TCP") === protocol
  );
  if (!servicePort) {
    return {
      reason: "BackendNotFound",
      message: `Service ${namespace}/${ref.name} has no ${protocol} port ${ref.port}`,
    };
  }
  return { ...backend, service, servicePort };
}

/**
 * Checks a route's backends for its behaviour.
 *
 * @example
 * ```ts
 * resolveBackends({ kind: "TCPRoute", route }, "gateway", { services, grants }).resolvedRefs.status;
 * // "True" when every backendRef names an existing, permitted Service port
 * ```
 */
export function resolveBackends(
  kr: KindedRoute,
  behaviour: ServiceBehaviour,
  ctx: BackendContext,
): BackendResolution {
  const rules = kr.route.spec?.rules ?? [];
  const refs = rules[0]?.backendRefs ?? [];
  const problems: Problem[] = [];
  const backends: Backend[] = [];
  for (const ref of refs) {
    const out = check(kr, ref, behaviour, ctx);
    if ("reason" in out) problems.push(out);
    else backends.push(out);
  }
  if (behaviour === "create" && !createSelector(kr.route)) {
    problems.push({
      reason: "BackendNotFound",
      message: "serviceBehaviour create needs the labels selectorkey and selectorvalue on the " +
        "route to select backend Pods; no Service was made",
    });
  }
  const droppedRules = Math.max(0, rules.length - 1);
  const first = problems[0];
  const resolvedRefs = first
    ? isFalse("ResolvedRefs", first.reason, problems.map((p) => p.message).join("; "))
    : isTrue("ResolvedRefs", "ResolvedRefs", "All backend references are resolved");
  return { resolvedRefs, backends, droppedRules };
}
