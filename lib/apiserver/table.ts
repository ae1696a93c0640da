/**
 * `meta.k8s.io/v1` Table responses (what `kubectl get` asks for first): the CRD's printer columns for
 * custom resources (Gateway: NAME CLASS ADDRESS PROGRAMMED AGE) and kubectl's familiar columns for the
 * built-in kinds. Rows carry `PartialObjectMetadata`; ages are rendered as kube's human durations.
 *
 * @module
 */
import { evaluate } from "./jsonpath.ts";
import type { KubeObject, PrinterColumn, ResourceType } from "./types.ts";

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  value: (o: KubeObject) => unknown;
}

/** Kubernetes' `duration.HumanDuration`. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`;
  const y = Math.floor(h / 24 / 365);
  if (y < 8) return `${y}y${Math.floor((h / 24) % 365)}d`;
  return `${y}y`;
}

type Obj = Record<string, unknown>;
const at = (o: unknown, ...path: string[]) =>
  path.reduce<unknown>((c, p) => (c as Obj | undefined)?.[p], o);

function col(name: string, value: (o: KubeObject) => unknown, type = "string"): Column {
  return { name, type, format: "", description: name, priority: 0, value };
}

function builtinColumns(t: ResourceType): Column[] {
  const key = `${t.group}/${t.resource}`;
  switch (key) {
    case "/namespaces":
      return [col("Status", (o) => at(o, "status", "phase"))];
    case "/services":
      return [
        col("Type", (o) => at(o, "spec", "type")),
        col("Cluster-IP", (o) => at(o, "spec", "clusterIP")),
        col("External-IP", (o) => {
          const ing = (at(o, "status", "loadBalancer", "ingress") ?? []) as Obj[];
          const ips = ing.map((i) => i.ip ?? i.hostname).filter(Boolean);
          if (ips.length) return ips.join(",");
          return at(o, "spec", "type") === "LoadBalancer" ? "<pending>" : "<none>";
        }),
        col(
          "Port(s)",
          (o) =>
            ((at(o, "spec", "ports") ?? []) as Obj[]).map((p) =>
              `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`
            ).join(",") || "<none>",
        ),
      ];
    case "/configmaps":
      return [
        col("Data", (o) =>
          Object.keys((o.data ?? {}) as Obj).length +
          Object.keys((o.binaryData ?? {}) as Obj).length, "integer"),
      ];
    case "/secrets":
      return [
        col("Type", (o) => o.type),
        col("Data", (o) => Object.keys((o.data ?? {}) as Obj).length, "integer"),
      ];
    case "discovery.k8s.io/endpointslices":
      return [
        col("AddressType", (o) => o.addressType),
        col("Ports", (o) => ((o.ports ?? []) as Obj[]).map((p) => p.port).join(",") || "<unset>"),
        col(
          "Endpoints",
          (o) =>
            ((o.endpoints ?? []) as Obj[]).flatMap((e) => (e.addresses ?? []) as string[]).join(
              ",",
            ) || "<unset>",
        ),
      ];
    case "apiextensions.k8s.io/customresourcedefinitions":
      return [col("Created At", (o) => o.metadata.creationTimestamp)];
    case "coordination.k8s.io/leases":
      return [col("Holder", (o) => at(o, "spec", "holderIdentity") ?? "")];
    case "/events":
      return [
        col("Type", (o) => o.type),
        col("Reason", (o) => o.reason),
        col(
          "Object",
          (o) =>
            `${String(at(o, "involvedObject", "kind") ?? "").toLowerCase()}/${
              at(o, "involvedObject", "name") ?? ""
            }`,
        ),
        col("Message", (o) => o.message),
      ];
    default:
      return [];
  }
}

function customColumns(cols: PrinterColumn[]): Column[] {
  return cols.map((c) => ({
    name: c.name,
    type: c.type,
    format: c.format ?? "",
    description: c.description ?? "",
    priority: c.priority ?? 0,
    value: (o: KubeObject) => {
      const vs = evaluate(o, c.jsonPath);
      if (vs.length === 0) return null;
      return vs.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(",");
    },
  }));
}

/** Builds Tables for one resource/version. */
export function tableColumns(t: ResourceType, version: string): Column[] {
  const custom = t.printerColumns?.[version];
  const cols = custom ? customColumns(custom) : builtinColumns(t);
  const hasAge = cols.some((c) => c.name === "Age" || c.name === "Created At");
  const name: Column = {
    name: "Name",
    type: "string",
    format: "name",
    description: "Name must be unique within a namespace.",
    priority: 0,
    value: (o) => o.metadata.name,
  };
  const age = col("Age", (o) => o.metadata.creationTimestamp, "date");
  return [name, ...cols, ...(hasAge ? [] : [age])];
}

function cell(c: Column, o: KubeObject, now: number): unknown {
  const v = c.value(o);
  if (c.type === "date") {
    if (typeof v !== "string") return "<unknown>";
    return humanDuration(now - Date.parse(v));
  }
  if (v === undefined || v === null) return c.type === "string" ? "" : null;
  return v;
}

/** One Table row for an object. */
export function tableRow(cols: Column[], o: KubeObject, now: number): unknown {
  return {
    cells: cols.map((c) => cell(c, o, now)),
    object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata },
  };
}

/** A Table of objects. */
export function table(
  cols: Column[],
  objects: readonly KubeObject[],
  now: number,
  listMeta: Record<string, unknown>,
): unknown {
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta,
    columnDefinitions: cols.map(({ value: _v, ...d }) => d),
    rows: objects.map((o) => tableRow(cols, o, now)),
  };
}

/** True when the Accept header asks for a Table first. */
export function wantsTable(accept: string | null): boolean {
  if (!accept) return false;
  const first = accept.split(",")[0] ?? "";
  return /as=Table/.test(first) && /g=meta\.k8s\.io/.test(first);
}
