/**
 * What the demo prints: Gateways (address, listeners with attached routes, Programmed), routes
 * (parent, Accepted, ResolvedRefs with reasons) and the Services l4gw made (address, ports,
 * endpoints), and when the state counts as converged. Pure: objects in, text out.
 *
 * @module
 */
import type { Condition, EndpointSlice, Gateway, L4Route, Service } from "../lib/types/mod.ts";
import { KNOWN_ADDRESS_ANNOTATIONS } from "../lib/announcer.ts";

/** The objects the demo reads back. */
export interface DemoState {
  gateways: Gateway[];
  routes: L4Route[];
  services: Service[];
  endpointSlices: EndpointSlice[];
  /** Our controllerName: only our route parent entries are shown. */
  controllerName: string;
}

const key = (o: { metadata: { namespace?: string; name?: string } }) =>
  `${o.metadata.namespace}/${o.metadata.name}`;

function cond(conditions: readonly Condition[] | undefined, type: string): string {
  const c = conditions?.find((x) => x.type === type);
  if (!c) return "-";
  return c.status === "True" && c.reason === type ? "True" : `${c.status} (${c.reason})`;
}

/** Renders rows as left-aligned columns with a header. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    "  " + cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** What still keeps the state from converging (empty: converged). */
export function unconverged(s: DemoState): string[] {
  const missing: string[] = [];
  for (const g of s.gateways) {
    const p = g.status?.conditions?.find((c) => c.type === "Programmed");
    if (p?.status !== "True") {
      missing.push(`Gateway ${key(g)} is not Programmed (${p?.reason ?? "no status"})`);
    }
  }
  for (const r of s.routes) {
    const ours = (r.status?.parents ?? []).filter((p) => p.controllerName === s.controllerName);
    const current = ours.length > 0 &&
      ours.every((p) =>
        ["Accepted", "ResolvedRefs"].every((t) =>
          p.conditions.some((c) => c.type === t && c.observedGeneration === r.metadata.generation)
        )
      );
    if (!current) missing.push(`${r.kind} ${key(r)} has no current status from l4gw`);
  }
  return missing;
}

function address(svc: Service): string {
  const annotations = svc.metadata.annotations ?? {};
  const fromAnnotation = KNOWN_ADDRESS_ANNOTATIONS.map((k) => annotations[k]).find(Boolean);
  return fromAnnotation ?? svc.spec?.loadBalancerIP ?? "-";
}

/** The summary the demo prints. */
export function renderSummary(s: DemoState): string {
  const gateways = table(
    ["GATEWAY", "ADDRESS", "PROGRAMMED", "LISTENERS (attached routes)"],
    s.gateways.map((g) => [
      key(g),
      g.status?.addresses?.map((a) => a.value).join(",") || "-",
      cond(g.status?.conditions, "Programmed"),
      g.spec.listeners.map((l) => {
        const attached = g.status?.listeners?.find((x) => x.name === l.name)?.attachedRoutes ?? 0;
        return `${l.name} ${l.protocol}/${l.port} (${attached})`;
      }).join(", "),
    ]),
  );
  const routes = table(
    ["ROUTE", "PARENT", "ACCEPTED", "RESOLVEDREFS"],
    s.routes.flatMap((r) =>
      (r.status?.parents ?? []).filter((p) => p.controllerName === s.controllerName).map((p) => [
        `${r.kind} ${key(r)}`,
        `${p.parentRef.namespace ?? r.metadata.namespace}/${p.parentRef.name}${
          p.parentRef.sectionName ? `/${p.parentRef.sectionName}` : ""
        }`,
        cond(p.conditions, "Accepted"),
        cond(p.conditions, "ResolvedRefs"),
      ])
    ),
  );
  const services = table(
    ["SERVICE", "TYPE", "ADDRESS", "PORTS", "ENDPOINTS"],
    s.services.map((svc) => {
      const slices = s.endpointSlices.filter((e) =>
        e.metadata.namespace === svc.metadata.namespace &&
        e.metadata.labels?.["kubernetes.io/service-name"] === svc.metadata.name
      );
      const endpoints = slices.flatMap((e) => e.endpoints ?? []).filter((e) =>
        e.conditions?.ready !== false
      )
        .flatMap((e) => e.addresses);
      return [
        key(svc),
        svc.spec?.type ?? "ClusterIP",
        address(svc),
        (svc.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? "TCP"}`).join(","),
        String(new Set(endpoints).size),
      ];
    }),
  );
  const notes = s.routes.flatMap((r) =>
    (r.status?.parents ?? []).flatMap((p) =>
      p.conditions.filter((c) => c.status !== "True").map((c) =>
        `${r.kind} ${key(r)}: ${c.message}`
      )
    )
  );
  return [
    "Gateways",
    gateways,
    "",
    "Routes",
    routes,
    "",
    "Services made by l4gw (kube-vip announces their address)",
    services,
    ...(notes.length
      ? ["", "Why some routes carry no traffic:", ...notes.map((n) => `  ${n}`)]
      : []),
    "",
  ].join("\n");
}
