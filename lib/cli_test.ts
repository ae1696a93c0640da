import assert from "node:assert/strict";
import {
  normalizeGoFlags,
  parseBool,
  parseCommandLine,
  type RunOptions,
  UsageError,
} from "./cli.ts";

function run(argv: string[]): RunOptions {
  const inv = parseCommandLine(argv);
  assert.equal(inv.command, "run");
  return (inv as { options: RunOptions }).options;
}

/** Runs `fn` with environment variables set, restoring them afterwards. */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  for (const [k, v] of Object.entries(vars)) Deno.env.set(k, v);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    }
  }
}

Deno.test("every spelling of a flag reaches the same setting: -flag x, --flag x, --flag=x, -flag=x", () => {
  for (
    const argv of [
      ["-kubeconfig", "/tmp/kc"],
      ["--kubeconfig", "/tmp/kc"],
      ["--kubeconfig=/tmp/kc"],
      ["-kubeconfig=/tmp/kc"],
    ]
  ) {
    assert.equal(run(argv).kubeconfig, "/tmp/kc", argv.join(" "));
  }
});

Deno.test("KUBECONFIG in the environment is the fallback for -kubeconfig, and the flag wins over it", () => {
  withEnv({ KUBECONFIG: "/env/a:/env/b" }, () => {
    assert.equal(run([]).kubeconfig, "/env/a:/env/b");
    assert.equal(run(["-kubeconfig", "/flag"]).kubeconfig, "/flag");
  });
});

Deno.test("L4GW_* environment variables are the fallback for every other flag", () => {
  withEnv({
    L4GW_METRICS_BIND_ADDRESS: ":9090",
    L4GW_LEADER_ELECT: "true",
    L4GW_SERVICE_BEHAVIOUR: "update",
    L4GW_WORKERS: "7",
  }, () => {
    const o = run([]);
    assert.equal(o.metricsBindAddress, ":9090");
    assert.equal(o.leaderElect, true);
    assert.equal(o.serviceBehaviour, "update");
    assert.equal(o.workers, 7);
    assert.equal(run(["--leader-elect=false"]).leaderElect, false);
  });
});

Deno.test("defaults are the design's: controller name, IPAM ConfigMap, probe and metrics addresses", () => {
  const o = run([]);
  assert.equal(o.gatewayClassName, "kube-vip.io/controller");
  assert.equal(o.ipamConfigmap, "kubevip");
  assert.equal(o.ipamConfigmapNamespace, "kube-system");
  assert.equal(o.metricsBindAddress, ":8080");
  assert.equal(o.healthProbeBindAddress, ":8081");
  assert.equal(o.implementationLabel, "kube-vip");
  assert.equal(o.serviceBehaviour, "gateway");
  assert.equal(o.leaderElect, false);
  assert.equal(o.ipam, "internal");
});

Deno.test("boolean flags accept Go's forms: -leader-elect, --leader-elect=false, --leader-elect true", () => {
  assert.equal(run(["-leader-elect"]).leaderElect, true);
  assert.equal(run(["--leader-elect=false"]).leaderElect, false);
  assert.equal(run(["-leader-elect=0"]).leaderElect, false);
  assert.equal(run(["--leader-elect", "true"]).leaderElect, true);
  assert.throws(() => run(["--leader-elect=maybe"]), /maybe.*not a boolean/);
});

Deno.test("an unknown flag is a usage error that names it, in either spelling", () => {
  for (const flag of ["--bogus", "-bogus", "--metrics-bind"]) {
    assert.throws(
      () => parseCommandLine([flag]),
      (e) => e instanceof UsageError && e.exitCode === 2 && e.message.includes(`'${flag}'`),
    );
  }
});

Deno.test("a value outside a flag's choices is a usage error listing the choices", () => {
  assert.throws(
    () => parseCommandLine(["--service-behaviour", "teleport"]),
    (e) =>
      e instanceof UsageError && /teleport/.test(e.message) && /gateway, create/.test(e.message),
  );
  assert.throws(() => parseCommandLine(["--workers=0"]), /"0" is not a positive integer/);
});

Deno.test("sub-commands take their own flags: sandbox --port/--kubeconfig/--no-controller, translate -f/-o", () => {
  const sandbox = parseCommandLine([
    "sandbox",
    "-port",
    "7443",
    "--kubeconfig",
    "/tmp/k",
    "--no-controller",
  ]);
  assert.equal(sandbox.command, "sandbox");
  if (sandbox.command === "sandbox") {
    assert.equal(sandbox.options.port, 7443);
    assert.equal(sandbox.options.kubeconfigOut, "/tmp/k");
    assert.equal(sandbox.options.controller, false);
  }
  const translate = parseCommandLine(["translate", "-f", "-", "-o", "json"]);
  assert.equal(translate.command, "translate");
  if (translate.command === "translate") {
    assert.equal(translate.options.filename, "-");
    assert.equal(translate.options.output, "json");
  }
  assert.throws(() => parseCommandLine(["translate"]), /required option '-f, --filename <path>'/);
});

Deno.test("normalizeGoFlags rewrites only known long names and never values or short flags", () => {
  const names = new Set(["kubeconfig", "leader-elect"]);
  assert.deepEqual(
    normalizeGoFlags([
      "-kubeconfig",
      "-x",
      "-f",
      "-",
      "-leader-elect=false",
      "-unknown",
      "--",
      "-kubeconfig",
    ], names),
    ["--kubeconfig", "-x", "-f", "-", "--leader-elect=false", "-unknown", "--", "-kubeconfig"],
  );
});

Deno.test("parseBool accepts exactly Go's strconv.ParseBool spellings", () => {
  for (const t of ["1", "t", "T", "TRUE", "true", "True"]) assert.equal(parseBool(t), true);
  for (const f of ["0", "f", "F", "FALSE", "false", "False"]) assert.equal(parseBool(f), false);
  assert.throws(() => parseBool("yes"));
});

Deno.test("a root --kubeconfig before `sandbox` never becomes the sandbox's output path", () => {
  const inv = parseCommandLine(["--kubeconfig", "/home/me/.kube/config", "sandbox"]);
  assert.equal(inv.command, "sandbox");
  if (inv.command === "sandbox") assert.equal(inv.options.kubeconfigOut, "sandbox.kubeconfig");
});

Deno.test("leader election timings take Go durations, default to client-go's 15s/10s/2s, and refuse nonsense", () => {
  const o = run([]);
  assert.deepEqual(
    [o.leaderElectionLeaseDuration, o.leaderElectionRenewDeadline, o.leaderElectionRetryPeriod],
    [15_000, 10_000, 2_000],
  );
  assert.equal(run(["--leader-election-lease-duration=1m30s"]).leaderElectionLeaseDuration, 90_000);
  assert.equal(run(["-leader-election-retry-period", "500ms"]).leaderElectionRetryPeriod, 500);
  assert.throws(
    () => run(["--leader-election-lease-duration=15"]),
    /"15" is not a positive duration/,
  );
  assert.throws(() => run(["--leader-election-lease-duration=0s"]), /not a positive duration/);
});
