/**
 * The kustomize base: least-privilege RBAC that grants exactly what a running controller uses, and a
 * Deployment hardened as the issue asks.
 */
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import type { Gateway } from "../lib/types/mod.ts";
import { conditionOf, eventually, gone, startCluster } from "./helpers/cluster.ts";
import { backend, basics, docs, gateway, GW, listener, route } from "./helpers/fixtures.ts";
import { findKubectl } from "./helpers/kubectl.ts";

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

function manifests(file: string): Record<string, unknown>[] {
  return parseAllDocuments(Deno.readTextFileSync(`manifests/${file}`)).map((d) => d.toJS());
}

/** `group|resource|verb` triples a set of RBAC rules grants. */
function granted(): Set<string> {
  const out = new Set<string>();
  for (const doc of manifests("rbac.yaml")) {
    for (const rule of (doc.rules as Rule[] | undefined) ?? []) {
      for (const g of rule.apiGroups) {
        for (const r of rule.resources) for (const v of rule.verbs) out.add(`${g}|${r}|${v}`);
      }
    }
  }
  return out;
}

/** `group|resource[/subresource]|verb` of a request URL, or undefined for discovery. */
function triple(url: string, verb: string): string | undefined {
  const path = new URL(url, "http://x").pathname.split("/").filter(Boolean);
  const [root, ...rest] = path;
  const group = root === "api" ? "" : rest.shift() ?? "";
  rest.shift(); // version
  if (rest[0] === "namespaces" && rest.length > 2) rest.splice(0, 2);
  const [resource, , sub] = rest;
  if (!resource) return undefined;
  return `${group}|${sub ? `${resource}/${sub}` : resource}|${verb}`;
}

Deno.test("RBAC grants exactly the verbs a running controller uses (create, change, delete, leader election, Events)", async () => {
  await using cluster = await startCluster();
  cluster.apply(basics());
  cluster.apply(docs(
    ...backend("apps", "a", 80),
    ...backend("apps", "b", 80),
    gateway("apps", "edge", [listener("web", "TCP", 80)]),
    // Two routes on one listener: the loser's Event repeats, so Events are created and patched.
    route("TCPRoute", "apps", "one", { name: "edge" }, [{ name: "a", port: 80 }]),
    route("TCPRoute", "apps", "two", { name: "edge" }, [{ name: "b", port: 80 }]),
  ));
  const controller = await cluster.startController([
    "--leader-elect",
    "--leader-election-namespace=kube-system",
  ]);
  await eventually(
    () => cluster.get<Gateway>(GW, "Gateway", "apps", "edge"),
    (g) => conditionOf(g, "Programmed")?.status === "True",
    "edge Programmed",
  );
  // Change: a UDP listener and route join, and a backend's Pods move (our slice is updated).
  cluster.apply(docs(
    ...backend("apps", "dns", 53, { protocol: "UDP" }),
    gateway("apps", "edge", [listener("web", "TCP", 80), listener("dns", "UDP", 53)]),
    route("UDPRoute", "apps", "dns", { name: "edge" }, [{ name: "dns", port: 53 }]),
    backend("apps", "a", 80, { ips: ["10.244.9.9"] })[1],
  ));
  await eventually(
    () =>
      cluster.server.requests.entries((r) =>
        r.userAgent.startsWith("l4gw/") && r.verb === "update" && r.url.includes("/endpointslices/")
      ).length,
    (n) => n > 0,
    "our EndpointSlice updated",
  );
  await eventually(
    () => cluster.get<Gateway>(GW, "Gateway", "apps", "edge"),
    (g) => g.status?.listeners?.length === 2 && conditionOf(g, "Programmed")?.status === "True",
    "edge changed",
  );
  cluster.remove(GW, "Gateway", "apps", "edge");
  await gone(() => cluster.get("v1", "Service", "apps", "edge-l4"), "edge's Service deleted");
  await eventually(
    () =>
      cluster.server.requests.entries((r) => r.url.includes("/events/") && r.verb === "patch")
        .length,
    (n) => n > 0,
    "an Event series patched",
  );
  assert.equal(await controller.stop("SIGTERM"), 0);

  const used = new Set(
    cluster.server.requests.entries((r) => r.userAgent.startsWith("l4gw/") && r.verb !== "")
      .map((r) => triple(r.url, r.verb)).filter((t): t is string => t !== undefined),
  );
  const grants = granted();
  const missing = [...used].filter((t) => !grants.has(t));
  assert.deepEqual(missing, [], "every request the controller made is granted");
  // core/v1 Events are only the fallback for clusters without events.k8s.io, which this one serves.
  const fallback = new Set(["|events|create", "|events|patch"]);
  const unused = [...grants].filter((t) => !used.has(t) && !fallback.has(t));
  assert.deepEqual(unused, [], "nothing is granted that the controller does not use");
  assert.ok(![...grants].some((t) => t.includes("*")), "no wildcard");
});

Deno.test("the Deployment runs two replicas with leader election, probes, limits, and no privilege", () => {
  const [deployment] = manifests("deployment.yaml") as {
    spec: { replicas: number; template: { spec: Record<string, unknown> } };
  }[];
  assert.equal(deployment!.spec.replicas, 2);
  const pod = deployment!.spec.template.spec as {
    securityContext: { runAsNonRoot: boolean };
    containers: {
      args: string[];
      livenessProbe?: unknown;
      readinessProbe?: unknown;
      resources: { requests: object; limits: { memory: string } };
      securityContext: {
        allowPrivilegeEscalation: boolean;
        readOnlyRootFilesystem: boolean;
        capabilities: { drop: string[] };
      };
    }[];
  };
  const [c] = pod.containers;
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.ok(c!.args.includes("--leader-elect=true"));
  assert.ok(c!.livenessProbe && c!.readinessProbe);
  assert.ok(c!.resources.requests && c!.resources.limits.memory);
  assert.equal(c!.securityContext.allowPrivilegeEscalation, false);
  assert.equal(c!.securityContext.readOnlyRootFilesystem, true);
  assert.deepEqual(c!.securityContext.capabilities.drop, ["ALL"]);
});

const kubectl = await findKubectl();

Deno.test({
  name: kubectl
    ? "kubectl kustomize renders the base into the l4gw-system namespace"
    : "kubectl kustomize renders the base into the l4gw-system namespace (ignored: kubectl not found)",
  ignore: !kubectl,
  async fn() {
    const out = await new Deno.Command(kubectl!, { args: ["kustomize", "manifests/"] }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const docs = parseAllDocuments(new TextDecoder().decode(out.stdout)).map((d) => d.toJS());
    const kinds = docs.map((d) => d.kind).sort();
    assert.deepEqual(kinds, [
      "ClusterRole",
      "ClusterRoleBinding",
      "Deployment",
      "Namespace",
      "Role",
      "RoleBinding",
      "ServiceAccount",
    ]);
    for (
      const d of docs.filter((d) =>
        !["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(d.kind)
      )
    ) {
      assert.equal(d.metadata.namespace, "l4gw-system", `${d.kind} ${d.metadata.name}`);
    }
  },
});
