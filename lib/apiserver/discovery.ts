/**
 * Legacy discovery documents (reference §1.1, DISC-1…6): `/version`, `/api`, `/api/v1`, `/apis`,
 * `/apis/<group>`, `/apis/<group>/<version>`, with every `APIResource` field clients require. Plain
 * `application/json` answers make kubectl use legacy discovery (reference §0.2); aggregated discovery
 * (AGG-*) is not served.
 *
 * @module
 */
import type { Registry } from "./registry.ts";
import type { ResourceType } from "./types.ts";
import { compareVersions } from "./version_priority.ts";

/** `/version` (DISC-1): a 1.32 server, so kubectl's dispatcher picks its 1.32 binary. */
export const VERSION_INFO = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.4",
  gitCommit: "59526cd4867447956156ae3a602fcbac10a2c335",
  gitTreeState: "clean",
  buildDate: "2025-04-22T16:02:27Z",
  goVersion: "go1.23.6",
  compiler: "gc",
  platform: "linux/amd64",
};

const BUILTIN_VERBS = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];
const CUSTOM_VERBS = [
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "create",
  "update",
  "watch",
];

async function hash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest).slice(0, 8)));
}

/** `/api` (DISC-2). */
export function apiVersions(serverAddress: string): unknown {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

/** The served group versions, by group, versions in kube-aware order (DISC-4). */
export function groupVersions(registry: Registry): Map<string, string[]> {
  const groups = new Map<string, Set<string>>();
  for (const t of registry.all) {
    if (t.group === "") continue;
    const set = groups.get(t.group) ?? new Set<string>();
    for (const v of t.versions) set.add(v);
    groups.set(t.group, set);
  }
  const out = new Map<string, string[]>();
  for (const [g, vs] of groups) out.set(g, [...vs].sort(compareVersions));
  return out;
}

function apiGroup(name: string, versions: string[]) {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

/** `/apis` (DISC-4). */
export function apiGroupList(registry: Registry): unknown {
  const groups = [...groupVersions(registry)].map(([g, vs]) => apiGroup(g, vs));
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

/** `/apis/<group>` (DISC-6), or undefined when not served. */
export function apiGroupDoc(registry: Registry, group: string): unknown {
  const versions = groupVersions(registry).get(group);
  if (!versions) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...apiGroup(group, versions) };
}

async function resourceEntries(t: ResourceType, version: string): Promise<unknown[]> {
  const main: Record<string, unknown> = {
    name: t.resource,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.custom ? CUSTOM_VERBS : BUILTIN_VERBS,
  };
  if (t.shortNames.length) main.shortNames = t.shortNames;
  if (t.categories.length) main.categories = t.categories;
  main.storageVersionHash = await hash(`${t.group}/${version}/${t.resource}`);
  const out: unknown[] = [main];
  const sub = (name: string, verbs: string[]) => ({
    name: `${t.resource}/${name}`,
    singularName: "",
    namespaced: t.namespaced,
    kind: t.kind,
    verbs,
  });
  if (t.statusSubresource) out.push(sub("status", ["get", "patch", "update"]));
  if (t.group === "" && t.resource === "namespaces") out.push(sub("finalize", ["update"]));
  return out;
}

/** `/api/v1` or `/apis/<group>/<version>` (DISC-3, DISC-5), or undefined when not served. */
export async function apiResourceList(
  registry: Registry,
  group: string,
  version: string,
): Promise<unknown> {
  const types = registry.all.filter((t) => t.group === group && t.versions.includes(version));
  if (types.length === 0) return undefined;
  const resources: unknown[] = [];
  for (const t of types) resources.push(...await resourceEntries(t, version));
  const groupVersion = group ? `${group}/${version}` : version;
  return group
    ? { kind: "APIResourceList", apiVersion: "v1", groupVersion, resources }
    : { kind: "APIResourceList", groupVersion, resources };
}
