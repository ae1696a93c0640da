/**
 * The Gateway controller. Key: `namespace/name` of a Gateway. It owns the Gateway's status and the
 * data plane made for it (Services, EndpointSlices, `update` restores, deletions), and records the
 * Events of its decisions.
 *
 * Reconcile:
 * 1. snapshot the Gateway's scope from the caches and `translate()` it;
 * 2. remember the addresses it allocated (before any write, so no other pass can take them);
 * 3. write the data plane where it differs;
 * 4. if anything was written, translate again over what was just written, so the status says what
 *    is true now (Programmed) instead of waiting for the watch to bring it back;
 * 5. write the status if it differs; record Events.
 *
 * @module
 */
import type { Controller, ReconcileResult } from "../lib/kube/controller.ts";
import { GATEWAYS } from "../lib/kube/resources.ts";
import { translate } from "../lib/translate.ts";
import type { TranslateEvent, TranslateResult } from "../lib/translate_types.ts";
import {
  type Gateway,
  type L4Route,
  type L4RouteKind,
  objectKey,
  splitKey,
} from "../lib/types/mod.ts";
import { ownerGateway, routeParents, sliceService } from "./indexes.ts";
import type { Informers } from "./informers.ts";
import {
  classesUsingParameters,
  gatewaysOfClass,
  gatewaysOfClasses,
  onChange,
  parentsOf,
  routesAdmittedBy,
  routesInNamespace,
  routesUsingService,
} from "./mapping.ts";
import { specOrMetadataChanged } from "./predicates.ts";
import {
  type ControllerDeps,
  newController,
  ownWrites,
  snapshotContext,
  writeContext,
} from "./context.ts";
import { gatewaySnapshot, nothingWritten } from "./snapshot.ts";
import { applyDataPlane, recordEvents, writeStatus, wroteAnything } from "./writes.ts";

function mergeEvents(a: readonly TranslateEvent[], b: readonly TranslateEvent[]): TranslateEvent[] {
  const seen = new Map<string, TranslateEvent>();
  for (const e of [...a, ...b]) seen.set(JSON.stringify([e.regarding, e.reason, e.note]), e);
  return [...seen.values()];
}

function decisionFor(result: TranslateResult, key: string) {
  return result.gateways.find((g) => `${g.namespace}/${g.name}` === key);
}

/** Reconciles one Gateway (see the module doc for the steps). */
export async function reconcileGateway(
  deps: ControllerDeps,
  key: string,
  signal: AbortSignal,
): Promise<ReconcileResult | void> {
  const { owner, wait } = ownWrites(deps, "gateway", key);
  if (wait > 0) return { requeueAfter: wait };
  const log = deps.log.with({ controller: "gateway", gateway: key });
  const ctx = writeContext(deps, owner, log, signal);
  const first = translate(gatewaySnapshot(deps.caches, snapshotContext(deps), key));
  deps.book.recordAllocations(first.allocations);
  const written = nothingWritten();
  const counts = await applyDataPlane(ctx, first, written);
  const result = wroteAnything(counts)
    ? translate(gatewaySnapshot(deps.caches, snapshotContext(deps), key, written))
    : first;
  const { namespace, name } = splitKey(key);
  const gateway = deps.caches.gateways.get(namespace, name);
  const decision = decisionFor(result, key);
  if (gateway && decision) {
    await writeStatus(
      ctx,
      GATEWAYS,
      gateway,
      decision.status,
      () => deps.caches.gateways.get(namespace, name),
    );
  }
  recordEvents(deps.recorder, mergeEvents(first.events, result.events), [
    "Gateway",
    "TCPRoute",
    "UDPRoute",
    "ConfigMap",
    "Service",
  ]);
}

/** Whether a Gateway is waiting for an address (so a freed one should wake it). */
export function waitingForAddress(gateway: Gateway): boolean {
  const programmed = gateway.status?.conditions?.find((c) => c.type === "Programmed");
  return programmed?.status === "False" && programmed.reason === "AddressNotAssigned";
}

/** Creates the Gateway controller (its event mapping is wired by the manager). */
export function gatewayController(deps: ControllerDeps): Controller {
  return newController(deps, "gateway", (key, signal) => reconcileGateway(deps, key, signal));
}

/** The keys of every Gateway waiting for an address. */
export function gatewaysWaitingForAddress(deps: ControllerDeps): string[] {
  return deps.caches.gateways.list().filter(waitingForAddress).map(objectKey);
}

/**
 * Maps changes to Gateway keys: the Gateway itself; its class; routes naming it; backend Services and
 * their EndpointSlices (through the routes); our own Services and slices; namespace labels and
 * ReferenceGrants (through the routes they admit); the IPAM ConfigMap (every Gateway); a class's
 * parameters ConfigMap (its Gateways). A deleted Service may free a name a Gateway was refused.
 */
export function watchForGateways(inf: Informers, c: Controller, deps: ControllerDeps): void {
  const enqueue = (keys: Iterable<string>) => {
    for (const k of keys) c.enqueue(k);
  };
  const viaRoutes = (pick: (kind: L4RouteKind) => L4Route[]) =>
    enqueue(parentsOf([...pick("TCPRoute"), ...pick("UDPRoute")]));
  const owner = ownerGateway(deps.config.controllerName);
  inf.gateways.addHandler(onChange((g) => c.enqueue(objectKey(g)), specOrMetadataChanged));
  inf.gatewayClasses.addHandler(
    onChange((cls) => enqueue(gatewaysOfClass(inf, cls.metadata.name ?? ""))),
  );
  for (const routes of [inf.tcpRoutes, inf.udpRoutes]) {
    routes?.addHandler(onChange<L4Route>((r) => enqueue(routeParents(r)), specOrMetadataChanged));
  }
  inf.services.addHandler(onChange((s) => {
    enqueue(owner(s));
    viaRoutes((kind) => routesUsingService(inf, kind, objectKey(s)));
  }));
  inf.services.addHandler({
    onDelete: (s) =>
      enqueue(
        inf.gateways.list(s.metadata.namespace).filter((g) => !isProgrammed(g)).map(objectKey),
      ),
  });
  inf.endpointSlices.addHandler(onChange((slice) => {
    enqueue(owner(slice));
    for (const svc of sliceService(slice)) viaRoutes((kind) => routesUsingService(inf, kind, svc));
  }));
  inf.namespaces.addHandler(
    onChange((ns) => viaRoutes((kind) => routesInNamespace(inf, kind, ns.metadata.name ?? ""))),
  );
  inf.referenceGrants?.addHandler(
    onChange((g) => viaRoutes((kind) => routesAdmittedBy(inf, kind, g))),
  );
  inf.ipamConfigMap.addHandler(onChange(() => enqueue(inf.gateways.list().map(objectKey))));
  inf.configMaps.addHandler(
    onChange((cm) => enqueue(gatewaysOfClasses(inf, classesUsingParameters(inf, objectKey(cm))))),
  );
}

function isProgrammed(gateway: Gateway): boolean {
  return gateway.status?.conditions?.some((c) => c.type === "Programmed" && c.status === "True") ??
    false;
}
