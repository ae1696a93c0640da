/**
 * Steps 2 and 3 of a pass: our GatewayClasses (parameters, `Accepted`, `SupportedVersion`, features,
 * finalizer) and the Gateways they put in scope (listeners, acceptance, address). Gateways with a
 * static address request are decided before those that take the next free one, so a request is never
 * lost to an allocation of the same pass.
 *
 * @module
 */
import type { Announcer } from "./cli.ts";
import { type ConditionSpec, isFalse, isTrue, mergeConditions } from "./conditions.ts";
import { type AddressDecision, decideAddress, staticRequest } from "./gateway_address.ts";
import {
  type ClassParameters,
  GATEWAY_CLASS_FINALIZER,
  readClassParameters,
  SUPPORTED_FEATURES,
  supportedVersion,
} from "./gateway_class.ts";
import { parsePoolConfig, type Pool, type PoolConfig, selectPool } from "./ipam.ts";
import { evaluateListeners, type ListenerVerdict } from "./listeners.ts";
import { addressesOfOwned } from "./owned_addresses.ts";
import type { Snapshot } from "./snapshot.ts";
import type { GatewayClassDecision, IpamDiagnostic } from "./translate_types.ts";
import type { Gateway } from "./types/mod.ts";

export { GATEWAY_CLASS_FINALIZER };

/** Everything decided about one Gateway in scope before routes are looked at. */
export interface GatewayEval {
  key: string;
  gateway: Gateway;
  className: string;
  verdicts: ListenerVerdict[];
  /** The Gateway's `Accepted` condition. */
  accepted: ConditionSpec;
  /** The address decision (absent when the Gateway is not accepted). */
  address?: AddressDecision;
  announcer: Announcer;
  ipam: "internal" | "external";
  loadBalancerClass?: string;
  externalTrafficPolicy?: "Cluster" | "Local";
  /** Diagnostics of the pool the Gateway's address comes from. */
  poolDiagnostics: IpamDiagnostic[];
}

/** Classes of ours that are Accepted, with their parameters. */
export type AcceptedClasses = Map<string, ClassParameters | undefined>;

/** The IPAM ConfigMap, parsed once per pass. */
export interface IpamSource {
  key: string;
  config?: PoolConfig;
  diagnostics: IpamDiagnostic[];
}

/** Reads the IPAM ConfigMap of the snapshot. */
export function ipamSource(snap: Snapshot): IpamSource {
  const { namespace, name } = snap.config.ipamConfigMap;
  const key = `${namespace}/${name}`;
  const cm = snap.configMaps.get(key);
  if (!cm) return { key, diagnostics: [] };
  const config = parsePoolConfig(cm.data ?? {});
  return { key, config, diagnostics: config.diagnostics.map((d) => ({ configMap: key, ...d })) };
}

/**
 * Decides every GatewayClass of ours.
 *
 * @example
 * ```ts
 * const { decisions, accepted } = decideClasses(snapshot);
 * ```
 */
export function decideClasses(
  snap: Snapshot,
): { decisions: GatewayClassDecision[]; accepted: AcceptedClasses } {
  const inUse = new Set([...snap.gateways.values()].map((g) => g.spec?.gatewayClassName));
  const decisions: GatewayClassDecision[] = [];
  const accepted: AcceptedClasses = new Map();
  for (const [name, cls] of snap.classes) {
    if (cls.spec?.controllerName !== snap.config.controllerName) continue;
    const params = readClassParameters(cls, snap.configMaps);
    const desired: ConditionSpec[] = [
      params.ok
        ? isTrue("Accepted", "Accepted", "GatewayClass is accepted by l4gw")
        : isFalse("Accepted", "InvalidParameters", params.message),
    ];
    if (snap.input.crds) desired.push(supportedVersion(snap.input.crds));
    if (params.ok) accepted.set(name, params.params);
    decisions.push({
      name,
      status: {
        conditions: mergeConditions(cls.status?.conditions, desired, {
          generation: cls.metadata.generation ?? 1,
          now: snap.now,
          owned: ["Accepted", "SupportedVersion"],
        }),
        supportedFeatures: SUPPORTED_FEATURES.map((f) => ({ ...f })),
      },
      finalizer: inUse.has(name),
    });
  }
  return { decisions, accepted };
}

function acceptance(gateway: Gateway, verdicts: ListenerVerdict[]): ConditionSpec {
  if (gateway.spec.infrastructure?.parametersRef) {
    const r = gateway.spec.infrastructure.parametersRef;
    return isFalse(
      "Accepted",
      "InvalidParameters",
      `infrastructure.parametersRef ${r.group}/${r.kind} ${r.name} is not supported by l4gw`,
    );
  }
  const unsupported = staticRequest(gateway).unsupported;
  if (unsupported.length > 0) {
    return isFalse(
      "Accepted",
      "UnsupportedAddress",
      `Address ${unsupported.join(", ")} is not supported: l4gw assigns IPAddress addresses only`,
    );
  }
  const invalid = verdicts.filter((v) => !v.accepted);
  if (invalid.length === 0) return isTrue("Accepted", "Accepted", "Gateway is accepted");
  const names = invalid.map((v) => `${v.listener.name} (${v.acceptedReason})`).join(", ");
  return invalid.length === verdicts.length
    ? isFalse("Accepted", "ListenersNotValid", `No listener is valid: ${names}`)
    : isTrue("Accepted", "ListenersNotValid", `Some listeners are not valid: ${names}`);
}

function poolFor(
  ipam: IpamSource,
  namespace: string,
  params: ClassParameters | undefined,
): { pool?: Pool; source: string; diagnostics: IpamDiagnostic[] } {
  const classConfig = params?.poolConfig;
  const pool = selectPool(namespace, {
    ...(classConfig ? { classConfig } : {}),
    ...(ipam.config ? { config: ipam.config } : {}),
  });
  const keys = `cidr-${namespace}, range-${namespace}, cidr-global or range-global`;
  const source = !ipam.config && !classConfig
    ? `No address pool: ConfigMap ${ipam.key} does not exist and the GatewayClass has no pool ` +
      `parameters`
    : `No address pool applies to namespace ${namespace}: add ${keys} to ConfigMap ${ipam.key}`;
  if (!pool) return { source, diagnostics: [] };
  const fromClass = pool.scope === "class";
  const configMap = fromClass ? params!.configMap : ipam.key;
  const diagnostics = (fromClass ? classConfig!.diagnostics : ipam.config!.diagnostics)
    .filter((d) => d.key === pool.name).map((d) => ({ configMap, ...d }));
  return { pool, source, diagnostics };
}

/**
 * Evaluates every Gateway of an Accepted class of ours, in order, deciding addresses (static requests
 * first). Also returns the keys of Gateways whose class is ours but not Accepted: they are frozen
 * (left as they are) until the class is fixed.
 */
export function evaluateGateways(
  snap: Snapshot,
  accepted: AcceptedClasses,
  ipam: IpamSource,
): { inScope: Map<string, GatewayEval>; frozen: Set<string> } {
  const inScope = new Map<string, GatewayEval>();
  const frozen = new Set<string>();
  const pending: { ev: GatewayEval; pool: ReturnType<typeof poolFor> }[] = [];
  for (const key of snap.gatewayOrder) {
    const gateway = snap.gateways.get(key)!;
    if (gateway.metadata.deletionTimestamp) continue;
    const className = gateway.spec?.gatewayClassName ?? "";
    const cls = snap.classes.get(className);
    if (!cls || cls.spec?.controllerName !== snap.config.controllerName) continue;
    if (!accepted.has(className)) {
      frozen.add(key);
      continue;
    }
    const params = accepted.get(className);
    const verdicts = evaluateListeners(gateway.spec.listeners ?? []);
    const ev: GatewayEval = {
      key,
      gateway,
      className,
      verdicts,
      accepted: acceptance(gateway, verdicts),
      announcer: params?.announcer ?? snap.config.announcer,
      ipam: params?.ipam ?? snap.config.ipam,
      poolDiagnostics: [],
      ...(params?.loadBalancerClass || snap.config.loadBalancerClass
        ? { loadBalancerClass: params?.loadBalancerClass || snap.config.loadBalancerClass }
        : {}),
      ...(params?.externalTrafficPolicy
        ? { externalTrafficPolicy: params.externalTrafficPolicy }
        : {}),
    };
    inScope.set(key, ev);
    if (ev.accepted.status !== "True") continue;
    const pool = poolFor(ipam, gateway.metadata.namespace ?? "", params);
    ev.poolDiagnostics = pool.diagnostics;
    pending.push({ ev, pool });
  }
  const requested = pending.filter((p) => staticRequest(p.ev.gateway).requested !== undefined);
  const dynamic = pending.filter((p) => staticRequest(p.ev.gateway).requested === undefined);
  for (const { ev, pool } of [...requested, ...dynamic]) {
    const owned = addressesOfOwned(snap, ev.key);
    ev.address = decideAddress({
      gateway: ev.gateway,
      owner: `Gateway ${ev.key}`,
      ipam: ev.ipam,
      pool: pool.pool,
      poolSource: pool.source,
      inUse: snap.inUse,
      ownOwners: owned.owners,
      previous: owned.previous,
    });
  }
  return { inScope, frozen };
}
