/**
 * The GatewayClass controller. Key: the class name. It owns the status of our classes (Accepted,
 * SupportedVersion, supportedFeatures) and the `gateway-exists` finalizer.
 *
 * Reconcile:
 * 1. snapshot the class with its parameters, its Gateways and the CRDs; `translate()` it;
 * 2. add or remove the finalizer if the decision differs (a terminating class with no Gateways left
 *    is then gone, and there is no status to write);
 * 3. write the status if it differs.
 *
 * @module
 */
import type { Controller, ReconcileResult } from "../lib/kube/controller.ts";
import { GATEWAY_CLASSES } from "../lib/kube/resources.ts";
import { translate } from "../lib/translate.ts";
import { type GatewayClass, objectKey } from "../lib/types/mod.ts";
import type { Informers } from "./informers.ts";
import { classesUsingParameters, onChange } from "./mapping.ts";
import { specOrMetadataChanged } from "./predicates.ts";
import {
  type ControllerDeps,
  newController,
  ownWrites,
  snapshotContext,
  writeContext,
} from "./context.ts";
import { gatewayClassSnapshot } from "./snapshot.ts";
import { recordEvents, writeStatus } from "./writes.ts";

/** The finalizer that keeps a GatewayClass while Gateways use it. */
export const GATEWAY_EXISTS_FINALIZER = "gateway-exists-finalizer.gateway.networking.k8s.io";

/** The class with the finalizer present or absent as wanted, or undefined when it already is. */
export function withFinalizer(cls: GatewayClass, wanted: boolean): GatewayClass | undefined {
  const finalizers = cls.metadata.finalizers ?? [];
  if (finalizers.includes(GATEWAY_EXISTS_FINALIZER) === wanted) return undefined;
  const next = wanted
    ? [...finalizers, GATEWAY_EXISTS_FINALIZER]
    : finalizers.filter((f) => f !== GATEWAY_EXISTS_FINALIZER);
  return { ...cls, metadata: { ...cls.metadata, finalizers: next } };
}

/** Reconciles one GatewayClass. */
export async function reconcileGatewayClass(
  deps: ControllerDeps,
  name: string,
  signal: AbortSignal,
): Promise<ReconcileResult | void> {
  const { owner, wait } = ownWrites(deps, "gatewayclass", name);
  if (wait > 0) return { requeueAfter: wait };
  const cls = deps.caches.gatewayClasses.get(undefined, name);
  if (!cls) return;
  const result = translate(gatewayClassSnapshot(deps.caches, snapshotContext(deps), name));
  const decision = result.gatewayClasses.find((c) => c.name === name);
  if (!decision) return;
  const log = deps.log.with({ controller: "gatewayclass", gatewayclass: name });
  const ctx = writeContext(deps, owner, log, signal);
  let current = cls;
  const changed = withFinalizer(cls, decision.finalizer);
  if (changed) {
    current = await deps.client.update(GATEWAY_CLASSES, changed, { signal });
    deps.expectations.expectWrite(
      owner,
      "GatewayClass",
      current,
      cls,
      deps.caches.gatewayClasses.get(undefined, name),
    );
    log.info(decision.finalizer ? "finalizer added" : "finalizer removed");
    if (!decision.finalizer && cls.metadata.deletionTimestamp) return;
  }
  await writeStatus(
    ctx,
    GATEWAY_CLASSES,
    current,
    decision.status,
    () => deps.caches.gatewayClasses.get(undefined, name),
  );
  recordEvents(deps.recorder, result.events, ["GatewayClass"]);
}

/** Creates the GatewayClass controller (its event mapping is wired by the manager). */
export function gatewayClassController(deps: ControllerDeps): Controller {
  return newController(
    deps,
    "gatewayclass",
    (key, signal) => reconcileGatewayClass(deps, key, signal),
  );
}

/**
 * Maps changes to GatewayClass names: the class itself; Gateways joining or leaving it (the
 * finalizer); the CRDs (SupportedVersion: every class); its parameters ConfigMap.
 */
export function watchForGatewayClasses(inf: Informers, c: Controller): void {
  inf.gatewayClasses.addHandler(
    onChange((cls) => c.enqueue(cls.metadata.name ?? ""), specOrMetadataChanged),
  );
  inf.gateways.addHandler(onChange(
    (g) => c.enqueue(g.spec.gatewayClassName),
    (old, now) => old.spec.gatewayClassName !== now.spec.gatewayClassName,
  ));
  inf.crds.addHandler(onChange(() => {
    for (const cls of inf.gatewayClasses.list()) c.enqueue(cls.metadata.name ?? "");
  }));
  inf.configMaps.addHandler(onChange((cm) => {
    for (const name of classesUsingParameters(inf, objectKey(cm))) c.enqueue(name);
  }));
}
