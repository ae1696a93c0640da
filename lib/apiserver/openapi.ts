/**
 * A minimal OpenAPI v3 (reference §1.3): the index at `/openapi/v3` lists every served group-version
 * with a content hash, and each group-version document has, per resource, a PATCH operation carrying
 * `x-kubernetes-group-version-kind` and a `fieldValidation` parameter (what default `kubectl apply`
 * checks before sending `fieldValidation=Strict`) plus a component schema: the CRD's structural
 * schema for custom resources, a skeleton for built-ins. OpenAPI v2 is not served (404), so kubectl
 * uses its compiled-in types for strategic merge patches of core kinds.
 *
 * @module
 */
import type { Registry } from "./registry.ts";
import type { ResourceType, Schema } from "./types.ts";

const MODEL_PREFIX: Record<string, string> = {
  "": "io.k8s.api.core",
  "discovery.k8s.io": "io.k8s.api.discovery",
  "coordination.k8s.io": "io.k8s.api.coordination",
  "events.k8s.io": "io.k8s.api.events",
  "apiextensions.k8s.io": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
};

/** The OpenAPI model name of a kind, e.g. `io.k8s.networking.gateway.v1.Gateway`. */
export function modelName(t: ResourceType, version: string): string {
  const prefix = MODEL_PREFIX[t.group] ?? t.group.split(".").reverse().join(".");
  return `${prefix}.${version}.${t.kind}`;
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function skeleton(t: ResourceType): Schema {
  const loose: Schema = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  return {
    type: "object",
    description: `${t.kind} (served by the l4gw embedded API server)`,
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      spec: loose,
      status: loose,
      data: { type: "object", additionalProperties: { type: "string" } },
    },
  };
}

function docFor(registry: Registry, group: string, version: string): unknown {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const t of registry.all) {
    if (t.group !== group || !t.versions.includes(version)) continue;
    const gvk = { group, version, kind: t.kind };
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const item = t.namespaced
      ? `${base}/namespaces/{namespace}/${t.resource}/{name}`
      : `${base}/${t.resource}/{name}`;
    const ref = { $ref: `#/components/schemas/${modelName(t, version)}` };
    const op = (action: string) => ({
      "x-kubernetes-action": action,
      "x-kubernetes-group-version-kind": gvk,
      parameters: [
        { name: "fieldValidation", in: "query", schema: { type: "string", uniqueItems: true } },
        { name: "fieldManager", in: "query", schema: { type: "string", uniqueItems: true } },
        { name: "dryRun", in: "query", schema: { type: "string", uniqueItems: true } },
      ],
      responses: { "200": { description: "OK", content: { "application/json": { schema: ref } } } },
    });
    paths[item] = { get: op("get"), put: op("put"), patch: op("patch"), delete: op("delete") };
    const schema = t.schemas?.[version] ?? skeleton(t);
    schemas[modelName(t, version)] = { ...schema, "x-kubernetes-group-version-kind": [gvk] };
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "v1.32.4" },
    paths,
    components: { schemas },
  };
}

async function sha(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-512", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 128);
}

/** OpenAPI v3 documents, rebuilt when the set of served resources changes. */
export class OpenApi {
  readonly #registry: Registry;
  #generation = -1;
  #docs = new Map<string, { text: string; hash: string }>();

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  async #refresh(): Promise<void> {
    if (this.#generation === this.#registry.generation) return;
    const docs = new Map<string, { text: string; hash: string }>();
    const gvs = new Set<string>();
    for (const t of this.#registry.all) for (const v of t.versions) gvs.add(`${t.group}|${v}`);
    for (const gv of gvs) {
      const [group, version] = gv.split("|") as [string, string];
      const text = JSON.stringify(docFor(this.#registry, group, version));
      docs.set(gvPath(group, version), { text, hash: (await sha(text)).toUpperCase() });
    }
    this.#docs = docs;
    this.#generation = this.#registry.generation;
  }

  /** The `/openapi/v3` index. */
  async index(): Promise<string> {
    await this.#refresh();
    const paths: Record<string, unknown> = {};
    for (const [p, d] of [...this.#docs].sort()) {
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
    }
    return JSON.stringify({ paths });
  }

  /** The document of `api/v1` or `apis/<g>/<v>`, or undefined. */
  async document(path: string): Promise<string | undefined> {
    await this.#refresh();
    return this.#docs.get(path)?.text;
  }
}
