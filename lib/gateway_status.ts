/**
 * Step 6 of a pass: the complete `status` of a Gateway in scope (reference §2.2): `Accepted`,
 * `Programmed` (every Service it needs exists and carries the address; the message says what is
 * missing), `status.addresses`, and every listener's `supportedKinds`, `attachedRoutes` and
 * `Accepted` / `Programmed` / `ResolvedRefs` / `Conflicted` conditions.
 *
 * @module
 */
import { type ConditionSpec, isFalse, isTrue, mergeConditions } from "./conditions.ts";
import type { GatewayPlan } from "./data_plane.ts";
import type { GatewayEval } from "./gateway_eval.ts";
import type { ListenerVerdict } from "./listeners.ts";
import type { Snapshot } from "./snapshot.ts";
import type { GatewayDecision } from "./translate_types.ts";
import type { GatewayStatusAddress, ListenerStatus } from "./types/mod.ts";

interface Readiness {
  /** The Gateway's Programmed condition. */
  programmed: ConditionSpec;
  /** Why listeners cannot be programmed, when the reason is Gateway-wide. */
  blocker?: string;
  addresses: GatewayStatusAddress[];
}

function ingressAddresses(snap: Snapshot, plan: GatewayPlan): GatewayStatusAddress[] {
  const out: GatewayStatusAddress[] = [];
  const seen = new Set<string>();
  for (const desired of plan.services) {
    const cached = snap.services.get(`${desired.metadata.namespace}/${desired.metadata.name}`);
    for (const i of cached?.status?.loadBalancer?.ingress ?? []) {
      const a = i.ip
        ? { type: "IPAddress", value: i.ip }
        : i.hostname
        ? { type: "Hostname", value: i.hostname }
        : undefined;
      if (a && !seen.has(a.value)) {
        seen.add(a.value);
        out.push(a);
      }
    }
  }
  return out;
}

function waitingFor(snap: Snapshot, plan: GatewayPlan): string[] {
  return [...plan.serviceReady].filter(([, ready]) => !ready).map(([key]) =>
    `Service ${key} to be ${snap.services.has(key) ? "updated" : "created"}`
  );
}

function withDiagnostics(spec: ConditionSpec, ev: GatewayEval): ConditionSpec {
  if (ev.poolDiagnostics.length === 0) return spec;
  const notes = ev.poolDiagnostics.map((d) => `${d.message} (ConfigMap ${d.configMap})`);
  return { ...spec, message: `${spec.message}. IPAM skipped: ${notes.join("; ")}` };
}

function readiness(snap: Snapshot, ev: GatewayEval, plan: GatewayPlan | undefined): Readiness {
  const previous = ev.gateway.status?.addresses ?? [];
  if (ev.accepted.status !== "True" || !ev.address || !plan) {
    if (ev.address?.kind === "failed") {
      return {
        programmed: isFalse("Programmed", ev.address.reason, ev.address.message),
        blocker: ev.address.message,
        addresses: previous,
      };
    }
    return {
      programmed: isFalse(
        "Programmed",
        "Invalid",
        `Gateway is not accepted: ${ev.accepted.message}`,
      ),
      blocker: "the Gateway is not accepted",
      addresses: [],
    };
  }
  const decided = ev.address;
  const addresses = decided.kind === "assigned"
    ? [{ type: "IPAddress", value: decided.address }]
    : ingressAddresses(snap, plan);
  if (plan.conflicts.length > 0) {
    return { programmed: isFalse("Programmed", "Invalid", plan.conflicts.join("; ")), addresses };
  }
  if (decided.kind === "assigned" && decided.problem) {
    return {
      programmed: isFalse("Programmed", decided.problem.reason, decided.problem.message),
      addresses,
    };
  }
  const waiting = waitingFor(snap, plan);
  if (waiting.length > 0) {
    return {
      programmed: isFalse("Programmed", "Pending", `Waiting for ${waiting.join(", ")}`),
      addresses,
    };
  }
  if (addresses.length === 0) {
    const services = plan.services.map((s) => `Service ${s.metadata.namespace}/${s.metadata.name}`);
    const message = services.length
      ? `Waiting for the announcer to assign an address to ${services.join(", ")}`
      : "No Service carries an address yet: the announcer assigns one once a route attaches";
    return {
      programmed: isFalse("Programmed", "AddressNotAssigned", message),
      blocker: message,
      addresses,
    };
  }

  const served = plan.services.map((s) => `Service ${s.metadata.namespace}/${s.metadata.name}`);
  const where = served.length
    ? `served by ${served.join(", ")}`
    : "assigned; no listener needs a Service yet";
  return {
    programmed: isTrue(
      "Programmed",
      "Programmed",
      `Address ${addresses.map((a) => a.value).join(", ")} is ${where}`,
    ),
    addresses,
  };
}

function listenerConditions(
  v: ListenerVerdict,
  ready: Readiness,
  plan: GatewayPlan | undefined,
): ConditionSpec[] {
  const accepted = v.accepted
    ? isTrue("Accepted", "Accepted", v.acceptedMessage)
    : isFalse("Accepted", v.acceptedReason, v.acceptedMessage);
  const resolved = v.invalidKinds.length
    ? isFalse(
      "ResolvedRefs",
      "InvalidRouteKinds",
      `Route kinds ${v.invalidKinds.join(", ")} are not supported on a ${v.listener.protocol} ` +
        `listener (supported: ${v.supportedKinds.map((k) => k.kind).join(", ") || "none"})`,
    )
    : isTrue("ResolvedRefs", "ResolvedRefs", "All route kinds are supported");
  const conflicted = v.conflict
    ? isTrue("Conflicted", "ProtocolConflict", v.conflict)
    : isFalse("Conflicted", "NoConflicts", "No conflicts");
  let programmed: ConditionSpec;
  const name = v.listener.name;
  const service = plan?.listenerService.get(name);
  if (!v.accepted) {
    programmed = isFalse(
      "Programmed",
      v.conflict ? "ProtocolConflict" : "Invalid",
      v.acceptedMessage,
    );
  } else if (v.supportedKinds.length === 0) {
    programmed = isFalse("Programmed", "Invalid", "No route kind can attach to this listener");
  } else if (ready.blocker) {
    programmed = isFalse("Programmed", "Pending", `Waiting: ${ready.blocker}`);
  } else if (plan?.blocked.has(name)) {
    programmed = isFalse(
      "Programmed",
      "Pending",
      "The Service for this listener could not be made: see the Gateway's Programmed condition",
    );
  } else if (service && !plan?.serviceReady.get(service)) {
    programmed = isFalse("Programmed", "Pending", `Waiting for Service ${service}`);
  } else {
    programmed = isTrue(
      "Programmed",
      "Programmed",
      service
        ? `Served by Service ${service}`
        : "Listener is programmed; no route carries traffic yet",
    );
  }
  return [accepted, programmed, resolved, conflicted];
}

/**
 * The complete status of one Gateway in scope.
 *
 * @example
 * ```ts
 * gatewayStatus(snapshot, gatewayEval, plan, attachedCounts);
 * ```
 */
export function gatewayStatus(
  snap: Snapshot,
  ev: GatewayEval,
  plan: GatewayPlan | undefined,
  attached: ReadonlyMap<string, number>,
): GatewayDecision {
  const g = ev.gateway;
  const generation = g.metadata.generation ?? 1;
  const opts = { generation, now: snap.now };
  const ready = readiness(snap, ev, plan);
  const existingListeners = new Map((g.status?.listeners ?? []).map((l) => [l.name, l]));
  const listeners: ListenerStatus[] = ev.verdicts.map((v) => ({
    name: v.listener.name,
    supportedKinds: v.supportedKinds,
    attachedRoutes: attached.get(v.listener.name) ?? 0,
    conditions: mergeConditions(
      existingListeners.get(v.listener.name)?.conditions,
      listenerConditions(v, ready, plan),
      opts,
    ),
  }));
  return {
    namespace: g.metadata.namespace ?? "",
    name: g.metadata.name ?? "",
    status: {
      addresses: ready.addresses,
      conditions: mergeConditions(
        g.status?.conditions,
        [ev.accepted, withDiagnostics(ready.programmed, ev)],
        { ...opts, owned: ["Accepted", "Programmed"] },
      ),
      listeners,
    },
  };
}
