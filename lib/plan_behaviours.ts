/**
 * The `create`, `duplicate` and `update` behaviours (design §7): where their Services live and what
 * they hold. `create` and `duplicate` Services live in the backend's namespace (a selector only
 * selects Pods in its own namespace); `update` changes the backend Service where it is.
 *
 * @module
 */
import type { Backend } from "./backends.ts";
import { managedService, serviceMetadata } from "./desired_services.ts";
import { dns1035Name, stableHash } from "./names.ts";
import { ownerGatewayKey } from "./ownership.ts";
import { ownerRef, type Planner, portName, protocolOf, type Served } from "./planner.ts";
import type { RouteEval } from "./route_eval.ts";
import { createSelector } from "./service_behaviour.ts";
import { takeOver } from "./service_update.ts";
import { DHCP_ADDRESS } from "./announcer.ts";
import { objectKey } from "./types/mod.ts";

/** The `create` behaviour: a Service selecting Pods by the route's selector labels. */
export function planCreate(p: Planner, route: RouteEval, served: Served[]): void {
  const backend = p.chooseBackend(served[0]!);
  const selector = createSelector(route.kr.route);
  if (!backend || !selector) return;
  const g = p.ev.gateway;
  const r = route.kr.route;
  const namespace = backend.namespace;
  const identity = `${route.kr.kind}/${r.metadata.namespace}/${r.metadata.name}/${p.ev.key}`;
  const base = `${r.metadata.name}-${g.metadata.name}`;
  const foreign = r.metadata.namespace !== namespace || g.metadata.namespace !== namespace;
  const name = dns1035Name(foreign ? `${base}-${stableHash(identity)}` : base, identity);
  const owner = p.sameNamespaceOwner(namespace) ??
    (r.metadata.namespace === namespace ? ownerRef(r, route.kr.kind) : undefined);
  p.addService(
    managedService({
      name,
      namespace,
      behaviour: "create",
      settings: p.settings,
      selector,
      source: route.key,
      ports: served.map((s) => ({
        name: portName(s.verdict),
        protocol: protocolOf(s.verdict),
        port: s.verdict.listener.port,
        targetPort: backend.port,
      })),
      ...(owner ? { ownerReferences: owner } : {}),
    }),
    "create",
    served,
  );
}

/** The `duplicate` behaviour: a copy of the backend Service's selector and target ports. */
export function planDuplicate(p: Planner, backend: Backend, served: Served[]): void {
  const g = p.ev.gateway;
  const source = backend.service!;
  const selector = source.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) {
    p.conflict(
      `Service ${backend.namespace}/${backend.name} has no selector, so serviceBehaviour ` +
        `duplicate has nothing to copy; use the gateway behaviour for selectorless Services`,
      served,
    );
    return;
  }
  const identity = `Service/${backend.namespace}/${backend.name}/${p.ev.key}`;
  const base = `${backend.name}-${g.metadata.name}`;
  const foreign = g.metadata.namespace !== backend.namespace;
  const name = dns1035Name(foreign ? `${base}-${stableHash(identity)}` : base, identity);
  const owner = p.sameNamespaceOwner(backend.namespace);
  p.addService(
    managedService({
      name,
      namespace: backend.namespace,
      behaviour: "duplicate",
      settings: p.settings,
      selector: { ...selector },
      source: `Service ${backend.namespace}/${backend.name}`,
      ports: served.map((s) => ({
        name: portName(s.verdict),
        protocol: protocolOf(s.verdict),
        port: s.verdict.listener.port,
        targetPort: backend.servicePort?.targetPort ?? backend.port,
      })),
      ...(owner ? { ownerReferences: owner } : {}),
    }),
    "duplicate",
    served,
  );
}

/** The `update` behaviour: the backend Service itself, changed and its shape recorded. */
export function planUpdate(p: Planner, backend: Backend, served: Served[]): void {
  const svc = backend.service!;
  const key = objectKey(svc);
  const holder = ownerGatewayKey(svc, p.snap.config.controllerName) ?? p.claims.get(key);
  if (holder && holder !== p.ev.key) {
    p.conflict(
      `Service ${key} is already updated for Gateway ${holder}; a Service can carry one ` +
        `Gateway address`,
      served,
    );
    return;
  }
  p.claims.set(key, p.ev.key);
  const meta = serviceMetadata(p.settings, "update");
  const ip = p.settings.address && p.settings.address !== DHCP_ADDRESS &&
      (p.settings.announcer === "generic" || p.settings.setLoadBalancerIp)
    ? p.settings.address
    : undefined;
  const out = takeOver(svc, {
    labels: meta.labels,
    annotations: meta.annotations,
    ports: served.map((s) => ({
      name: portName(s.verdict),
      protocol: protocolOf(s.verdict),
      port: s.verdict.listener.port,
      targetPort: backend.servicePort?.targetPort ?? backend.port,
    })),
    ...(p.settings.loadBalancerClass ? { loadBalancerClass: p.settings.loadBalancerClass } : {}),
    ...(p.settings.externalTrafficPolicy
      ? { externalTrafficPolicy: p.settings.externalTrafficPolicy }
      : {}),
    ...(ip ? { loadBalancerIP: ip } : {}),
  });
  if (!out.ok) {
    p.conflict(out.message, served);
    return;
  }
  p.keep(out.service, svc, served);
}
