/**
 * The real command line, in a subprocess, as an operator runs it.
 */
import assert from "node:assert/strict";

async function l4gw(args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    env,
  }).output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}

Deno.test("--help lists every design flag with its default and environment variable, and exits 0", async () => {
  const { code, stdout } = await l4gw(["--help"]);
  assert.equal(code, 0);
  const flat = stdout.replace(/\s+/g, " ");
  for (
    const [flag, fallback, env] of <[string, string, string][]> [
      ["--kubeconfig", '""', "KUBECONFIG"],
      ["--metrics-bind-address", '":8080"', "L4GW_METRICS_BIND_ADDRESS"],
      ["--health-probe-bind-address", '":8081"', "L4GW_HEALTH_PROBE_BIND_ADDRESS"],
      ["--leader-elect", "false", "L4GW_LEADER_ELECT"],
      ["--gateway-class-name", '"kube-vip.io/controller"', "L4GW_GATEWAY_CLASS_NAME"],
      ["--ipam-configmap", '"kubevip"', "L4GW_IPAM_CONFIGMAP"],
      ["--ipam-configmap-namespace", '"kube-system"', "L4GW_IPAM_CONFIGMAP_NAMESPACE"],
      ["--implementation-label", '"kube-vip"', "L4GW_IMPLEMENTATION_LABEL"],
      ["--service-behaviour", '"gateway"', "L4GW_SERVICE_BEHAVIOUR"],
      ["--log-level", '"info"', "L4GW_LOG_LEVEL"],
      ["--log-format", '"text"', "L4GW_LOG_FORMAT"],
      ["--namespace", '""', "L4GW_NAMESPACE"],
    ]
  ) {
    const at = flat.indexOf(flag + " ");
    assert.ok(at >= 0, `${flag} is listed`);
    const entry = flat.slice(at, flat.indexOf(")", flat.indexOf("env:", at)) + 1);
    assert.match(entry, new RegExp(`default: ${fallback.replace(/[.*]/g, "\\$&")}`), entry);
    assert.match(entry, new RegExp(`env: ${env}\\)`), entry);
  }
});

Deno.test("an unknown flag exits 2 with a message naming it", async () => {
  const { code, stderr } = await l4gw(["-no-such-flag"]);
  assert.equal(code, 2);
  assert.match(stderr, /unknown option '-no-such-flag'/);
});

Deno.test("version prints the version and exits 0", async () => {
  const { code, stdout } = await l4gw(["version"]);
  assert.equal(code, 0);
  assert.match(stdout, /^l4gw \d+\.\d+\.\d+/);
});
