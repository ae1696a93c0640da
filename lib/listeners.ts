/**
 * Listener validation (reference §2.2): which protocols we serve, which listeners conflict, which route
 * kinds each listener supports. Pure: a Gateway's listeners in, one verdict per listener out.
 *
 * @module
 */
import { GATEWAY_GROUP, type Listener, type RouteGroupKind } from "./types/mod.ts";
import type { L4RouteKind } from "./types/mod.ts";

/** Route kind served by each protocol we support. */
export const KIND_FOR_PROTOCOL: Readonly<Record<string, L4RouteKind>> = {
  TCP: "TCPRoute",
  UDP: "UDPRoute",
};

/** Our verdict on one listener, before anything about addresses or Services. */
export interface ListenerVerdict {
  listener: Listener;
  /** The route kind this listener serves, when its protocol is TCP or UDP. */
  routeKind?: L4RouteKind;
  /** Kinds that can attach (empty for an unsupported protocol or only invalid kinds). */
  supportedKinds: RouteGroupKind[];
  /** False for an unsupported protocol, an invalid port, or a conflict. */
  accepted: boolean;
  /** Reason and message of the `Accepted` condition. */
  acceptedReason: string;
  acceptedMessage: string;
  /** Set when the listener conflicts with another one. */
  conflict?: string;
  /** Kinds named in `allowedRoutes.kinds` that this listener cannot serve, as `group/kind`. */
  invalidKinds: string[];
}

function transport(protocol: string): "TCP" | "UDP" | "other-tcp" {
  if (protocol === "TCP" || protocol === "UDP") return protocol;
  return "other-tcp";
}

/**
 * Finds the listeners that the spec calls indistinct: on one port, two TCP listeners, a TCP listener
 * and an HTTP/HTTPS/TLS (or custom) one, or two UDP listeners. TCP and UDP on one port are distinct.
 * Returns, for each conflicted listener name, a message naming the listeners it conflicts with.
 *
 * @example
 * ```ts
 * findConflicts([{ name: "a", port: 80, protocol: "TCP" }, { name: "b", port: 80, protocol: "TCP" }]);
 * // Map { "a" => "...", "b" => "..." }
 * ```
 */
export function findConflicts(listeners: readonly Listener[]): Map<string, string> {
  const byPort = new Map<number, Listener[]>();
  for (const l of listeners) byPort.set(l.port, [...(byPort.get(l.port) ?? []), l]);
  const out = new Map<string, string>();
  for (const [port, group] of byPort) {
    const tcp = group.filter((l) => transport(l.protocol) === "TCP");
    const udp = group.filter((l) => transport(l.protocol) === "UDP");
    const otherTcp = group.filter((l) => transport(l.protocol) === "other-tcp");
    const clashes: Listener[][] = [];
    if (tcp.length > 1 || (tcp.length === 1 && otherTcp.length > 0)) {
      clashes.push([...tcp, ...otherTcp]);
    }
    if (udp.length > 1) clashes.push(udp);
    for (const clash of clashes) {
      for (const l of clash) {
        const others = clash.filter((o) => o !== l).map((o) => `${o.name} (${o.protocol})`);
        out.set(
          l.name,
          `Listener ${l.name} (${l.protocol}) is not distinct from listener ${
            others.join(", ")
          } on port ${port}: none of them is accepted`,
        );
      }
    }
  }
  return out;
}

function kindsFor(listener: Listener, routeKind: L4RouteKind | undefined) {
  const asked = listener.allowedRoutes?.kinds;
  if (!asked || asked.length === 0) {
    return {
      supportedKinds: routeKind ? [{ group: GATEWAY_GROUP, kind: routeKind }] : [],
      invalidKinds: [],
    };
  }
  const supportedKinds: RouteGroupKind[] = [];
  const invalidKinds: string[] = [];
  for (const k of asked) {
    const group = k.group ?? GATEWAY_GROUP;
    if (routeKind && group === GATEWAY_GROUP && k.kind === routeKind) {
      if (!supportedKinds.some((s) => s.kind === k.kind)) {
        supportedKinds.push({ group, kind: k.kind });
      }
    } else invalidKinds.push(`${group}/${k.kind}`);
  }
  return { supportedKinds, invalidKinds };
}

/**
 * Judges every listener of a Gateway: protocol (TCP and UDP only), port, conflicts, route kinds.
 *
 * @example
 * ```ts
 * const [v] = evaluateListeners([{ name: "web", port: 80, protocol: "HTTP" }]);
 * v.accepted; // false
 * v.acceptedReason; // "UnsupportedProtocol"
 * ```
 */
export function evaluateListeners(listeners: readonly Listener[]): ListenerVerdict[] {
  const conflicts = findConflicts(listeners);
  return listeners.map((listener) => {
    const routeKind = KIND_FOR_PROTOCOL[listener.protocol];
    const kinds = kindsFor(listener, routeKind);
    const base = {
      listener,
      supportedKinds: kinds.supportedKinds,
      invalidKinds: kinds.invalidKinds,
    };
    const conflict = conflicts.get(listener.name);
    if (!routeKind) {
      return {
        ...base,
        ...(conflict ? { conflict } : {}),
        accepted: false,
        acceptedReason: "UnsupportedProtocol",
        acceptedMessage:
          `Protocol ${listener.protocol} is not supported: l4gw serves TCP and UDP listeners only`,
      };
    }
    const verdict = { ...base, routeKind };
    if (!Number.isInteger(listener.port) || listener.port < 1 || listener.port > 65535) {
      return {
        ...verdict,
        accepted: false,
        acceptedReason: "PortUnavailable",
        acceptedMessage: `Port ${listener.port} is not a valid port (1-65535)`,
      };
    }
    if (conflict) {
      return {
        ...verdict,
        conflict,
        accepted: false,
        acceptedReason: "ProtocolConflict",
        acceptedMessage: conflict,
      };
    }
    return {
      ...verdict,
      accepted: true,
      acceptedReason: "Accepted",
      acceptedMessage: "Listener is valid",
    };
  });
}
