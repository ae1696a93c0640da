/**
 * End to end, as a new user: `l4gw sandbox` (API server and controller) driven by the real kubectl.
 */
import assert from "node:assert/strict";
import { findKubectl } from "../helpers/kubectl.ts";
import { waitFor } from "../helpers/wait_for.ts";

const kubectl = await findKubectl();

Deno.test({
  name: kubectl
    ? "sandbox + kubectl: apply the examples, wait for Programmed, see the address in kubectl get"
    : "sandbox + kubectl: apply the examples, wait for Programmed (ignored: kubectl not found)",
  ignore: !kubectl,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "l4gw-sandbox-" });
    const sandbox = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts", "sandbox", "--port", "0", "--kubeconfig", `${dir}/kubeconfig`],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    let out = "";
    const reading = (async () => {
      for await (const chunk of sandbox.stdout.pipeThrough(new TextDecoderStream())) out += chunk;
    })();
    try {
      await waitFor(() => out.includes("API server ready at"), {
        what: "the sandbox to be ready",
        deadline: 30_000,
      });
      const run = async (...args: string[]) => {
        const r = await new Deno.Command(kubectl!, {
          args: ["--kubeconfig", `${dir}/kubeconfig`, "--cache-dir", `${dir}/cache`, ...args],
        }).output();
        return {
          code: r.code,
          stdout: new TextDecoder().decode(r.stdout),
          stderr: new TextDecoder().decode(r.stderr),
        };
      };
      const applied = await run(
        "apply",
        "-f",
        "manifests/examples/",
        "-f",
        "manifests/examples/sandbox/",
      );
      assert.equal(applied.code, 0, applied.stderr);
      const waited = await run(
        "wait",
        "--for=condition=Programmed",
        "gateway",
        "--all",
        "-n",
        "demo",
        "--timeout=60s",
      );
      assert.equal(waited.code, 0, waited.stderr);
      const got = await run("get", "gateway", "static", "-n", "demo");
      assert.match(got.stdout, /static\s+kube-vip\s+172\.18\.100\.20\s+True/);
    } finally {
      sandbox.kill("SIGINT");
      const status = await sandbox.status;
      await reading;
      await Deno.remove(dir, { recursive: true });
      assert.equal(status.code, 0, "the sandbox stops cleanly on SIGINT");
    }
  },
});
