/**
 * kubectl 1.32 against the embedded API server, as a new user would drive it: apply (create, change,
 * unchanged), get -o yaml, get -w, patch --type=merge, delete with and without a finalizer, wait
 * --for=condition, apply --server-side, explain. Reported as ignored (with the reason) when no
 * kubectl 1.32 binary is installed.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../tests/helpers/wait_for.ts";
import { startApiServer } from "./server.ts";

const CANDIDATES = ["/usr/lib/google-cloud-sdk/bin/kubectl.1.32", "kubectl"];

async function findKubectl(): Promise<string | undefined> {
  for (const bin of CANDIDATES) {
    try {
      const out = await new Deno.Command(bin, {
        args: ["version", "--client", "-o", "json"],
        stdout: "piped",
        stderr: "null",
      }).output();
      const v = JSON.parse(new TextDecoder().decode(out.stdout)).clientVersion;
      if (out.success && v?.major === "1" && String(v.minor).startsWith("32")) return bin;
    } catch { /* not installed */ }
  }
  return undefined;
}

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
      CANDIDATES.join(" or ") + ")",
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

      // server-side apply, twice (the second applies over its own fields).
      for (let i = 0; i < 2; i++) {
        const ssa = await k(["apply", "--server-side", "-f", "-"], OBJECTS("3", 7070));
        assert.equal(ssa.code, 0, ssa.stderr);
        assert.match(ssa.stdout, /gateway\.gateway\.networking\.k8s\.io\/gw1 serverside-applied/);
      }
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
