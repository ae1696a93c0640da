/**
 * Reading and printing `translate`'s documents: a multi-document YAML of cluster objects (optionally
 * led by an `l4gw.io/v1alpha1` `TranslateConfig`) in; the same objects with their new status, then the
 * objects the controller would write, then a `TranslateSummary` (deletions, allocations, Events, IPAM
 * diagnostics) out. Shared by the `translate` command and the golden tests.
 *
 * @module
 */
import { Document, parseAllDocuments } from "yaml";
import { needsWrite } from "./desired_services.ts";
import { GATEWAY_CLASS_FINALIZER } from "./gateway_class.ts";
import { KNOWN_KINDS, type KnownKind, schemas } from "./translate_schema.ts";
import type { TranslateConfig, TranslateInput, TranslateResult } from "./translate_types.ts";
import {
  type ConfigMap,
  type CustomResourceDefinition,
  type EndpointSlice,
  type Gateway,
  type GatewayClass,
  type KubeObject,
  type L4Route,
  type Namespace,
  objectKey,
  type ReferenceGrant,
  type Service,
} from "./types/mod.ts";

/** Bad input: the message names the document and what is wrong. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** The settings the command-line flags default to (`lib/cli.ts`). */
export const DEFAULT_CONFIG: TranslateConfig = {
  controllerName: "kube-vip.io/controller",
  serviceBehaviour: "gateway",
  announcer: "kube-vip",
  implementationLabel: "kube-vip",
  loadBalancerClass: "",
  setLoadBalancerIp: false,
  ipam: "internal",
  ipamConfigMap: { namespace: "kube-system", name: "kubevip" },
};

/** The `now` of golden files that do not set one. */
export const DEFAULT_NOW = "2026-01-01T00:00:00Z";

/** The settings of a `TranslateConfig` document (all optional). */
export type ConfigOverrides = Partial<TranslateConfig> & { now?: string };

/** Parsed input: the objects in file order and the config document's settings. */
export interface ParsedObjects {
  objects: KubeObject[];
  overrides: ConfigOverrides;
}

const CLUSTER_SCOPED = new Set(["GatewayClass", "Namespace", "CustomResourceDefinition"]);

function describe(index: string, raw: unknown): string {
  const o = raw as { kind?: unknown; metadata?: { namespace?: unknown; name?: unknown } } | null;
  const kind = typeof o?.kind === "string" ? o.kind : "";
  const ns = typeof o?.metadata?.namespace === "string" ? `${o.metadata.namespace}/` : "";
  const name = typeof o?.metadata?.name === "string" ? o.metadata.name : "";
  return kind ? `document ${index} (${kind}${name ? ` ${ns}${name}` : ""})` : `document ${index}`;
}

function check(raw: unknown, index: string, strict: boolean): KubeObject | ConfigOverrides {
  const where = describe(index, raw);
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new InputError(
      `Cannot read ${where}: it is not a mapping (an object with apiVersion and kind)`,
    );
  }
  const kind = (raw as { kind?: unknown }).kind;
  if (typeof kind !== "string") throw new InputError(`Cannot read ${where}: it has no kind`);
  if (!(KNOWN_KINDS as readonly string[]).includes(kind)) {
    throw new InputError(
      `Cannot read ${where}: kind ${kind} is not one translate reads (known: ${
        KNOWN_KINDS.join(", ")
      })`,
    );
  }
  const parsed = schemas(strict)[kind as KnownKind].safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) =>
      `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`
    );
    throw new InputError(`Cannot read ${where}: ${problems.join("; ")}`);
  }
  const out = parsed.data as KubeObject;
  if (kind === "TranslateConfig") {
    const { apiVersion: _a, kind: _k, ...rest } = out as unknown as Record<string, unknown>;
    return rest as ConfigOverrides;
  }
  if (!CLUSTER_SCOPED.has(kind) && !out.metadata.namespace) {
    out.metadata = { ...out.metadata, namespace: "default" };
  }
  return out;
}

/**
 * Parses a multi-document YAML (a `kind: List` is read as its items).
 *
 * @throws {InputError} for unparsable YAML, unknown kinds, missing names, or (strict) unknown fields;
 * the message names the document by index, kind and name.
 * @example
 * ```ts
 * parseObjects(text, { strict: false, source: "objects.yaml" }).objects.length;
 * ```
 */
export function parseObjects(
  text: string,
  options: { strict: boolean; source: string },
): ParsedObjects {
  const objects: KubeObject[] = [];
  let overrides: ConfigOverrides = {};
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const index = String(i + 1);
    if (doc.errors.length > 0) {
      throw new InputError(
        `Cannot parse document ${index} of ${options.source}: ${doc.errors[0]!.message}`,
      );
    }
    const raw = doc.toJS();
    if (raw === null || raw === undefined) return;
    const items = raw.kind === "List" && Array.isArray(raw.items)
      ? raw.items.map((item: unknown, j: number) => ({ item, index: `${index}.items[${j}]` }))
      : [{ item: raw, index }];
    for (const { item, index: at } of items) {
      const out = check(item, at, options.strict);
      if ("metadata" in out) objects.push(out as KubeObject);
      else overrides = { ...overrides, ...(out as ConfigOverrides) };
    }
  });
  return { objects, overrides };
}

/** Sorts parsed objects into a {@link TranslateInput}. */
export function inputOf(
  objects: readonly KubeObject[],
  config: TranslateConfig,
  now: number | Date,
): TranslateInput {
  const of = <T>(kind: string) => objects.filter((o) => o.kind === kind) as unknown as T[];
  const crds = of<CustomResourceDefinition>("CustomResourceDefinition");
  return {
    gatewayClasses: of<GatewayClass>("GatewayClass"),
    gateways: of<Gateway>("Gateway"),
    tcpRoutes: of<L4Route>("TCPRoute"),
    udpRoutes: of<L4Route>("UDPRoute"),
    referenceGrants: of<ReferenceGrant>("ReferenceGrant"),
    services: of<Service>("Service"),
    endpointSlices: of<EndpointSlice>("EndpointSlice"),
    namespaces: of<Namespace>("Namespace"),
    configMaps: of<ConfigMap>("ConfigMap"),
    ...(crds.length ? { crds } : {}),
    config,
    now,
  };
}

function withStatus(o: KubeObject, index: Map<string, unknown>): KubeObject {
  const key = `${o.kind}|${objectKey(o)}`;
  const decision = index.get(key) as
    | { status: unknown; finalizer?: boolean }
    | undefined;
  if (!decision) return o;
  const next = { ...o, status: decision.status } as KubeObject;
  if (o.kind === "GatewayClass") {
    const others = (o.metadata.finalizers ?? []).filter((f) => f !== GATEWAY_CLASS_FINALIZER);
    const finalizers = decision.finalizer ? [...others, GATEWAY_CLASS_FINALIZER] : others;
    const { finalizers: _, ...rest } = o.metadata;
    next.metadata = finalizers.length ? { ...rest, finalizers } : rest;
  }
  return next;
}

interface Write {
  action: "create" | "update" | "restore";
  object: KubeObject;
}

function writesOf(objects: readonly KubeObject[], result: TranslateResult): Write[] {
  const cached = new Map(objects.map((o) => [`${o.kind}|${objectKey(o)}`, o]));
  const out: Write[] = [];
  for (const o of [...result.services, ...result.endpointSlices] as KubeObject[]) {
    const existing = cached.get(`${o.kind}|${objectKey(o)}`);
    if (needsWrite(o, existing)) out.push({ action: existing ? "update" : "create", object: o });
  }
  for (const o of result.restores) out.push({ action: "restore", object: o });
  return out;
}

/** The summary document: what is not an object to write. */
export function summaryOf(
  objects: readonly KubeObject[],
  result: TranslateResult,
): Record<string, unknown> {
  const writes = writesOf(objects, result).map((w) => ({
    action: w.action,
    kind: w.object.kind,
    namespace: w.object.metadata.namespace,
    name: w.object.metadata.name,
  }));
  const summary: Record<string, unknown> = {
    apiVersion: "l4gw.io/v1alpha1",
    kind: "TranslateSummary",
  };
  const add = (key: string, list: readonly unknown[]) => {
    if (list.length) summary[key] = list;
  };
  add("writes", writes);
  add("deletions", result.deletions);
  add("allocations", result.allocations);
  add("events", result.events);
  add("ipamDiagnostics", result.ipamDiagnostics);
  return summary;
}

/**
 * Prints the objects with their new status, the objects to write, and the summary, as multi-document
 * YAML (writes carry a comment saying create, update or restore) or as a JSON `List`.
 *
 * @example
 * ```ts
 * renderResult(parsed.objects, translate(input), "yaml");
 * ```
 */
export function renderResult(
  objects: readonly KubeObject[],
  result: TranslateResult,
  format: "yaml" | "json",
): string {
  const index = new Map<string, unknown>();
  for (const c of result.gatewayClasses) index.set(`GatewayClass|${c.name}`, c);
  for (const g of result.gateways) index.set(`Gateway|${g.namespace}/${g.name}`, g);
  for (const r of result.routes) index.set(`${r.kind}|${r.namespace}/${r.name}`, r);
  const updated = objects.map((o) => withStatus(o, index));
  const writes = writesOf(objects, result);
  const summary = summaryOf(objects, result);
  if (format === "json") {
    const items = [...updated, ...writes.map((w) => w.object), summary];
    return JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 2) + "\n";
  }
  const docs: Document[] = updated.map((o) => new Document(o));
  for (const w of writes) {
    const doc = new Document(w.object);
    (doc.contents as { commentBefore?: string }).commentBefore = ` ${w.action} ${w.object.kind} ${
      objectKey(w.object)
    }`;
    docs.push(doc);
  }
  docs.push(new Document(summary));
  return docs.map((d) => d.toString({ lineWidth: 0 })).join("---\n");
}
