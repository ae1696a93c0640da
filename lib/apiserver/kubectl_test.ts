/**
 * kubectl 1.32 against the embedded API server, as a new user would drive it: apply (create, change,
 * unchanged), get -o yaml, get -w, patch --type=merge, delete with and without a finalizer, wait
 * --for=condition, apply --server-side, explain. Reported as ignored (with the reason) when no
 * kubectl 1.32 binary is installed.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../tests/helpers/wait_for.ts";
import { startApiServer } from "./server.ts";
import { findKubectl, KUBECTL_CANDIDATES } from "../../tests/helpers/kubectl.ts";

const kubectl = await findKubectl();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectlIn(kubeconfig: string, cacheDir: string) {
  return async (args: string[], stdin?: string): Promise<Run> => {
    const cmd = new Deno.Command(kubectl!, {
      args: ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, ...args],
      stdin: stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    if (stdin !== undefined) {
      const w = cmd.stdin.getWriter();
      await w.write(new TextEncoder().encode(stdin));
      await w.close();
    }
    const out = await cmd.output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  };
}

const OBJECTS = (cmValue: string, port: number) => `
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm1
data:
  a: "${cmValue}"
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  ports:
  - port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: l4
spec:
  controllerName: kube-vip.io/controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw1
spec:
  gatewayClassName: l4
  listeners:
  - name: tcp
    port: ${port}
    protocol: TCP
---
apiVersion: gateway.networking.k8s.io/v1
kind: TCPRoute
metadata:
  name: r1
spec:
  parentRefs:
  - name: gw1
  rules:
  - backendRefs:
    - name: web
      port: 80
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: rg1
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: TCPRoute
    namespace: other
  to:
  - group: ""
    kind: Service
`;

Deno.test({
  name: kubectl
    ? "kubectl 1.32 applies, gets, watches, patches, waits on and deletes every kind"
    : "kubectl 1.32 end-to-end (ignored: no kubectl 1.32 binary found at " +
      KUBECTL_CANDIDATES.join(" or ") + ")",
  ignore: !kubectl,
  async fn() {
    const server = await startApiServer();
    const dir = await Deno.makeTempDir({ prefix: "l4gw-kubectl-" });
    try {
      const kubeconfig = `${dir}/kubeconfig`;
      await server.writeKubeconfig(kubeconfig);
      const k = kubectlIn(kubeconfig, `${dir}/cache`);

      // apply: create, then unchanged, then a change.
      const created = await k(["apply", "-f", "-"], OBJECTS("1", 8080));
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /configmap\/cm1 created/);
      assert.match(created.stdout, /gateway\.gateway\.networking\.k8s\.io\/gw1 created/);
      assert.match(created.stdout, /tcproute\.gateway\.networking\.k8s\.io\/r1 created/);
      const again = await k(["apply", "-f", "-"], OBJECTS("1", 8080));
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /configmap\/cm1 unchanged/);
      assert.match(again.stdout, /service\/web unchanged/);
      const gwRv = server.store.get("gateway.networking.k8s.io/v1", "Gateway", "default", "gw1")!
        .metadata.resourceVersion;
      const changed = await k(["apply", "-f", "-"], OBJECTS("2", 9090));
      assert.equal(changed.code, 0, changed.stderr);
      assert.match(changed.stdout, /configmap\/cm1 configured/);
      const gw = server.store.get("gateway.networking.k8s.io/v1", "Gateway", "default", "gw1")!;
      assert.notEqual(gw.metadata.resourceVersion, gwRv);
      assert.equal((gw.spec as { listeners: { port: number }[] }).listeners[0]!.port, 9090);
      assert.equal(gw.metadata.generation, 2);

      // get -o yaml, and the Gateway table with its printer columns.
      const yaml = await k(["get", "cm", "cm1", "-o", "yaml"]);
      assert.match(yaml.stdout, /a: "2"/);
      const table = await k(["get", "gtw"]);
      assert.match(table.stdout, /^NAME\s+CLASS\s+ADDRESS\s+PROGRAMMED\s+AGE/);
      assert.match(table.stdout, /gw1\s+l4\s+Unknown/);
      assert.equal((await k(["get", "gateway-api"])).code, 0);

      // get -w sees a change made by someone else.
      const watch = new Deno.Command(kubectl!, {
        args: ["--kubeconfig", kubeconfig, "--cache-dir", `${dir}/cache`, "get", "cm", "-w"],
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      let seen = "";
      const reader = watch.stdout.pipeThrough(new TextDecoderStream()).getReader();
      const pump = (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          seen += value;
        }
      })();
      await waitFor(() => seen.includes("cm1"), { what: "kubectl get -w initial rows" });
      server.store.create({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "cm2", namespace: "default" },
      });
      await waitFor(() => seen.includes("cm2"), { what: "kubectl get -w to print cm2" });
      watch.kill("SIGTERM");
      await pump;
      await watch.status;

      // patch --type=merge
      const patched = await k([
        "patch",
        "gateway",
        "gw1",
        "--type=merge",
        "-p",
        '{"metadata":{"labels":{"x":"y"}}}',
      ]);
      assert.equal(patched.code, 0, patched.stderr);
      assert.equal(
        server.store.get("gateway.networking.k8s.io/v1", "Gateway", "default", "gw1")!.metadata
          .labels?.x,
        "y",
      );

      // wait --for=condition on a Gateway whose status the test writes.
      const waiting = k(["wait", "--for=condition=Programmed", "gateway/gw1", "--timeout=20s"]);
      server.store.patch("gateway.networking.k8s.io/v1", "Gateway", "default", "gw1", {
        status: {
          conditions: [{
            type: "Programmed",
            status: "True",
            reason: "Programmed",
            message: "ready",
            lastTransitionTime: "2025-01-01T00:00:00Z",
            observedGeneration: 2,
          }],
        },
      }, { subresource: "status" });
      const waited = await waiting;
      assert.equal(waited.code, 0, waited.stderr);
      assert.match(waited.stdout, /condition met/);

      // delete without a finalizer, then with one (kubectl waits until it is removed).
      const del = await k(["delete", "cm", "cm2"]);
      assert.equal(del.code, 0, del.stderr);
      await k([
        "patch",
        "gateway",
        "gw1",
        "--type=merge",
        "-p",
        '{"metadata":{"finalizers":["example.com/hold"]}}',
      ]);
      const deleting = k(["delete", "gateway", "gw1", "--timeout=20s"]);
      await waitFor(
        () =>
          server.store.get("gateway.networking.k8s.io/v1", "Gateway", "default", "gw1")?.metadata
            .deletionTimestamp,
        { what: "gw1 terminating" },
      );
      server.store.patch("gateway.networking.k8s.io/v1", "Gateway", "default", "gw1", {
        metadata: { finalizers: null },
      });
      const deleted = await deleting;
      assert.equal(deleted.code, 0, deleted.stderr);
      assert.equal(
        server.store.get("gateway.networking.k8s.io/v1", "Gateway", "default", "gw1"),
        undefined,
      );

      // server-side apply: changing fields client-side apply owns conflicts (SSA-3) until forced
      // (SSA-4); after that kubectl owns them and applies without conflicts.
      const conflicted = await k(["apply", "--server-side", "-f", "-"], OBJECTS("3", 7070));
      assert.notEqual(conflicted.code, 0);
      assert.match(
        conflicted.stderr,
        /Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: \.data\.a/,
      );
      for (const extra of [["--force-conflicts"], []]) {
        const ssa = await k(["apply", "--server-side", ...extra, "-f", "-"], OBJECTS("3", 7070));
        assert.equal(ssa.code, 0, ssa.stderr);
        assert.match(ssa.stdout, /gateway\.gateway\.networking\.k8s\.io\/gw1 serverside-applied/);
      }
      const cm = server.store.get("v1", "ConfigMap", "default", "cm1")!;
      assert.equal((cm.data as Record<string, string>).a, "3");
      const explain = await k(["explain", "gateways.spec"]);
      assert.equal(explain.code, 0, explain.stderr);
      assert.match(explain.stdout, /KIND:\s+Gateway/);

      // delete -f of everything.
      const all = await k(["delete", "-f", "-"], OBJECTS("3", 7070));
      assert.equal(all.code, 0, all.stderr);
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const OTHER_KINDS = `
apiVersion: v1
kind: Namespace
metadata:
  name: demo
---
apiVersion: v1
kind: Secret
metadata:
  name: s1
  namespace: demo
stringData:
  password: hunter2
---
apiVersion: v1
kind: Event
metadata:
  name: ev1
  namespace: demo
involvedObject:
  kind: Gateway
  name: gw1
  namespace: demo
reason: Tested
message: hello
type: Normal
---
apiVersion: events.k8s.io/v1
kind: Event
metadata:
  name: ev2
  namespace: demo
eventTime: "2025-01-01T00:00:00.000000Z"
reportingController: example.com/test
reportingInstance: test-1
action: Test
reason: Tested
note: hello
type: Normal
regarding:
  kind: Gateway
  name: gw1
  namespace: demo
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-1
  namespace: demo
  labels:
    kubernetes.io/service-name: web
addressType: IPv4
endpoints:
- addresses: ["10.0.0.1"]
  conditions:
    ready: true
ports:
- port: 8080
  protocol: TCP
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: leader
  namespace: demo
spec:
  holderIdentity: me
  leaseDurationSeconds: 15
---
apiVersion: gateway.networking.k8s.io/v1
kind: UDPRoute
metadata:
  name: dns
  namespace: demo
spec:
  parentRefs:
  - name: gw1
  rules:
  - backendRefs:
    - name: coredns
      port: 53
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size:
                type: integer
`;

Deno.test({
  name: kubectl
    ? "kubectl 1.32 applies, lists and deletes Namespace, Secret, both Events, EndpointSlice, Lease, UDPRoute and a CRD"
    : "kubectl 1.32 with every other kind (ignored: no kubectl 1.32 binary found at " +
      KUBECTL_CANDIDATES.join(" or ") + ")",
  ignore: !kubectl,
  async fn() {
    const server = await startApiServer();
    const dir = await Deno.makeTempDir({ prefix: "l4gw-kubectl-" });
    try {
      const kubeconfig = `${dir}/kubeconfig`;
      await server.writeKubeconfig(kubeconfig);
      const k = kubectlIn(kubeconfig, `${dir}/cache`);
      const applied = await k(["apply", "-f", "-"], OTHER_KINDS);
      assert.equal(applied.code, 0, applied.stderr);
      assert.equal(applied.stdout.trim().split("\n").length, 8);
      const again = await k(["apply", "-f", "-"], OTHER_KINDS);
      assert.equal(again.code, 0, again.stderr);
      for (
        const kind of [
          "namespace/demo",
          "event/ev1",
          "endpointslice.discovery.k8s.io/web-1",
          "lease.coordination.k8s.io/leader",
        ]
      ) {
        assert.match(again.stdout, new RegExp(`${kind.replaceAll(".", "\\.")} unchanged`));
      }
      const listed = await k([
        "get",
        "secrets,events,endpointslices,leases,udproutes",
        "-n",
        "demo",
        "-o",
        "name",
      ]);
      assert.equal(listed.code, 0, listed.stderr);
      for (
        const name of [
          "secret/s1",
          "event/ev1",
          "event/ev2",
          "endpointslice.discovery.k8s.io/web-1",
          "lease.coordination.k8s.io/leader",
          "udproute.gateway.networking.k8s.io/dns",
        ]
      ) {
        assert.ok(listed.stdout.includes(name), `${name} in ${listed.stdout}`);
      }
      const secret = server.store.get("v1", "Secret", "demo", "s1")!;
      assert.equal((secret.data as Record<string, string>).password, btoa("hunter2"));
      const est = await k(["wait", "--for", "condition=established", "crd/widgets.example.com"]);
      assert.equal(est.code, 0, est.stderr);
      const widget = await k(
        ["apply", "-f", "-"],
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: demo}\nspec: {size: 2}\n",
      );
      assert.equal(widget.code, 0, widget.stderr);
      const deleted = await k(["delete", "-f", "-"], OTHER_KINDS);
      assert.equal(deleted.code, 0, deleted.stderr);
      assert.equal(server.store.get("v1", "Namespace", "", "demo"), undefined);
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: kubectl
    ? "kubectl 1.32 imperative create (protobuf bodies): namespace, configmap, secret, service; auth whoami"
    : "kubectl 1.32 imperative create (ignored: no kubectl 1.32 binary found at " +
      KUBECTL_CANDIDATES.join(" or ") + ")",
  ignore: !kubectl,
  async fn() {
    const server = await startApiServer();
    const dir = await Deno.makeTempDir({ prefix: "l4gw-kubectl-" });
    try {
      const kubeconfig = `${dir}/kubeconfig`;
      await server.writeKubeconfig(kubeconfig);
      const k = kubectlIn(kubeconfig, `${dir}/cache`);
      for (
        const args of [
          ["create", "namespace", "team"],
          ["create", "configmap", "cm", "-n", "team", "--from-literal=a=b"],
          ["create", "secret", "generic", "s", "-n", "team", "--from-literal=p=q"],
          ["create", "service", "loadbalancer", "lb", "-n", "team", "--tcp=80:8080"],
        ]
      ) {
        const r = await k(args);
        assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
        assert.match(r.stdout, / created$/m);
      }
      assert.equal(
        (server.store.get("v1", "ConfigMap", "team", "cm")!.data as Record<string, string>).a,
        "b",
      );
      const svc = server.store.get("v1", "Service", "team", "lb")!;
      const spec = svc.spec as { type: string; ports: { nodePort: number }[] };
      assert.equal(spec.type, "LoadBalancer");
      assert.ok(spec.ports[0]!.nodePort >= 30000);
      const whoami = await k(["auth", "whoami"]);
      assert.equal(whoami.code, 0, whoami.stderr);
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
