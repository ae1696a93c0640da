/**
 * Route attachment (reference §2.3, design §6): which Gateway a parentRef names, which of its
 * listeners the parentRef selects (`sectionName`, `port`), and which of those let the route in
 * (`allowedRoutes` kinds and namespaces: `Same`, `All`, `Selector`).
 *
 * @module
 */
import { selectorMatches } from "./label_selector.ts";
import type { ListenerVerdict } from "./listeners.ts";
import { GATEWAY_GROUP, type L4RouteKind, type ParentReference } from "./types/mod.ts";

/**
 * The `namespace/name` key of the Gateway a parentRef names, or undefined when it names another kind.
 *
 * @example
 * ```ts
 * gatewayKeyOf({ name: "gw" }, "apps"); // "apps/gw"
 * gatewayKeyOf({ kind: "Service", group: "", name: "mesh" }, "apps"); // undefined
 * ```
 */
export function gatewayKeyOf(ref: ParentReference, routeNamespace: string): string | undefined {
  if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? "Gateway") !== "Gateway") {
    return undefined;
  }
  return `${ref.namespace ?? routeNamespace}/${ref.name}`;
}

/** The outcome of one parentRef against one Gateway. */
export interface Attachment {
  /** Whether at least one listener accepts the route. */
  accepted: boolean;
  /** `Accepted`, `NoMatchingParent` or `NotAllowedByListeners`. */
  reason: "Accepted" | "NoMatchingParent" | "NotAllowedByListeners";
  message: string;
  /** Names of the listeners the route is attached to. */
  listeners: string[];
}

/** What {@link attach} needs to know about the route and the Gateway. */
export interface AttachRequest {
  ref: ParentReference;
  routeKind: L4RouteKind;
  routeNamespace: string;
  gatewayNamespace: string;
  gatewayName: string;
  verdicts: readonly ListenerVerdict[];
  /** Labels of a namespace (with `kubernetes.io/metadata.name` always present). */
  namespaceLabels: (namespace: string) => Readonly<Record<string, string>>;
}

function refusal(v: ListenerVerdict, req: AttachRequest): string | undefined {
  if (!v.supportedKinds.some((k) => k.kind === req.routeKind)) {
    const kinds = v.supportedKinds.map((k) => k.kind).join(", ") || "no kind";
    return `listener ${v.listener.name} (${v.listener.protocol}) accepts ${kinds}, not ${req.routeKind}`;
  }
  const namespaces = v.listener.allowedRoutes?.namespaces;
  const from = namespaces?.from ?? "Same";
  if (from === "All") return undefined;
  if (from === "Same") {
    return req.routeNamespace === req.gatewayNamespace
      ? undefined
      : `listener ${v.listener.name} ` +
        `accepts routes from namespace ${req.gatewayNamespace} only, not from ${req.routeNamespace}`;
  }
  if (from === "Selector" && namespaces?.selector) {
    return selectorMatches(namespaces.selector, req.namespaceLabels(req.routeNamespace))
      ? undefined
      : `listener ${v.listener.name} does not select namespace ${req.routeNamespace}`;
  }
  return `listener ${v.listener.name} has allowedRoutes.namespaces.from: ${from} without a ` +
    `usable selector, so it admits no namespace`;
}

/**
 * Attaches a route's parentRef to a Gateway's listeners.
 *
 * @example
 * ```ts
 * attach({ ref: { name: "gw", sectionName: "db" }, routeKind: "TCPRoute", routeNamespace: "apps",
 *   gatewayNamespace: "apps", gatewayName: "gw", verdicts, namespaceLabels });
 * // { accepted: true, reason: "Accepted", listeners: ["db"], ... }
 * ```
 */
export function attach(req: AttachRequest): Attachment {
  const { ref } = req;
  const gw = `${req.gatewayNamespace}/${req.gatewayName}`;
  const candidates = req.verdicts.filter((v) =>
    (ref.sectionName === undefined || v.listener.name === ref.sectionName) &&
    (ref.port === undefined || v.listener.port === ref.port)
  );
  if (candidates.length === 0) {
    const wanted = [
      ref.sectionName !== undefined ? `named ${ref.sectionName}` : "",
      ref.port !== undefined ? `on port ${ref.port}` : "",
    ].filter(Boolean).join(" and ");
    return {
      accepted: false,
      reason: "NoMatchingParent",
      message: `Gateway ${gw} has no listener ${wanted || "at all"}`,
      listeners: [],
    };
  }
  const refusals: string[] = [];
  const listeners: string[] = [];
  for (const v of candidates) {
    const why = refusal(v, req);
    if (why) refusals.push(why);
    else listeners.push(v.listener.name);
  }
  if (listeners.length === 0) {
    return {
      accepted: false,
      reason: "NotAllowedByListeners",
      message: `No listener of Gateway ${gw} admits this ${req.routeKind}: ${refusals.join("; ")}`,
      listeners,
    };
  }
  return {
    accepted: true,
    reason: "Accepted",
    message: `Attached to Gateway ${gw} listener${listeners.length > 1 ? "s" : ""} ${
      listeners.join(", ")
    }`,
    listeners,
  };
}
