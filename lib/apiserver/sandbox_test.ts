import assert from "node:assert/strict";
import { parseCommandLine } from "../cli.ts";
import { waitFor } from "../../tests/helpers/wait_for.ts";
import { runSandbox } from "./sandbox.ts";

function sandboxOptions(args: string[]) {
  const inv = parseCommandLine(["sandbox", ...args]);
  assert.equal(inv.command, "sandbox");
  return inv.command === "sandbox" ? inv.options : undefined!;
}

Deno.test("sandbox: --no-controller serves, writes a kubeconfig, prints the URL first, stops with exit 0", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l4gw-sandbox-" });
  const stop = new AbortController();
  const lines: string[] = [];
  try {
    const opts = sandboxOptions(["--no-controller", "--port", "0", "--kubeconfig", `${dir}/kc`]);
    const done = runSandbox(opts, { stop: stop.signal, print: (l) => lines.push(l) });
    const url = await waitFor(
      () => /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(lines[0] ?? "")?.[1],
      {
        what: "the sandbox's ready line",
      },
    );
    const kc = await Deno.readTextFile(`${dir}/kc`);
    assert.match(kc, new RegExp(`server: ${url}`));
    const res = await fetch(`${url}/api/v1/namespaces/kube-system`);
    assert.equal(res.status, 200);
    await res.body?.cancel();
    assert.ok(lines.some((l) => l.includes("kubectl --kubeconfig")));
    stop.abort();
    assert.equal(await done, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sandbox: flags choose TLS, the experimental bundle and faults", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l4gw-sandbox-" });
  const stop = new AbortController();
  const lines: string[] = [];
  try {
    const opts = sandboxOptions([
      "--no-controller",
      "--tls",
      "--bundle",
      "experimental",
      "--fault-conflict-rate",
      "1",
      "--fault-compact-seconds",
      "60",
      "--fault-restart-seconds",
      "300",
      "--kubeconfig",
      `${dir}/kc`,
    ]);
    assert.equal(opts.tls, true);
    assert.equal(opts.bundle, "experimental");
    assert.equal(opts.faultConflictRate, 1);
    assert.equal(opts.faultCompactSeconds, 60);
    assert.equal(opts.faultRestartSeconds, 300);
    const done = runSandbox(opts, { stop: stop.signal, print: (l) => lines.push(l) });
    await waitFor(() => /ready at https:\/\/127\.0\.0\.1:\d+/.test(lines[0] ?? ""), {
      what: "the TLS sandbox's ready line",
    });
    assert.match(await Deno.readTextFile(`${dir}/kc`), /client-key-data:/);
    stop.abort();
    assert.equal(await done, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sandbox: with the controller wanted, the hook gets the kubeconfig and is stopped", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l4gw-sandbox-" });
  const stop = new AbortController();
  let got = "";
  let stopped = false;
  try {
    const opts = sandboxOptions(["--kubeconfig", `${dir}/kc`]);
    const done = runSandbox(opts, {
      stop: stop.signal,
      print: () => {},
      startController: (path, signal) =>
        new Promise((resolve) => {
          got = path;
          signal.addEventListener("abort", () => {
            stopped = true;
            resolve();
          });
        }),
    });
    await waitFor(() => got !== "", { what: "the controller hook to start" });
    assert.equal(got, `${dir}/kc`);
    stop.abort();
    assert.equal(await done, 0);
    assert.ok(stopped);
    const lines: string[] = [];
    const stop2 = new AbortController();
    stop2.abort();
    await runSandbox(sandboxOptions(["--kubeconfig", `${dir}/kc2`]), {
      stop: stop2.signal,
      print: (l) => lines.push(l),
    });
    assert.ok(lines.some((l) => l.includes("controller is not wired into the sandbox yet")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sandbox: `deno task sandbox`'s entry point stops on SIGTERM with exit code 0", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l4gw-sandbox-" });
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../main.ts", import.meta.url).pathname,
        "sandbox",
        "--no-controller",
        "--kubeconfig",
        `${dir}/kc`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let out = "";
    while (!out.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    const url = /ready at (\S+) /.exec(out)?.[1];
    assert.ok(url, out);
    const res = await fetch(`${url}/version`);
    assert.equal((await res.json()).minor, "32");
    child.kill("SIGTERM");
    const status = await child.status;
    await reader.cancel();
    await child.stderr.cancel();
    assert.equal(status.code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sandbox: --fault-restart-seconds restarts the server periodically, cutting watches", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l4gw-sandbox-" });
  const stop = new AbortController();
  const lines: string[] = [];
  try {
    const opts = sandboxOptions([
      "--no-controller",
      "--fault-restart-seconds",
      "1",
      "--kubeconfig",
      `${dir}/kc`,
    ]);
    const done = runSandbox(opts, { stop: stop.signal, print: (l) => lines.push(l) });
    const url = await waitFor(() => /ready at (\S+) /.exec(lines[0] ?? "")?.[1], {
      what: "the sandbox's ready line",
    });
    const res = await fetch(`${url}/api/v1/configmaps?watch=true&resourceVersion=1`);
    const ended = await res.body!.pipeTo(new WritableStream()).then(() => true, () => true);
    assert.ok(ended, "the watch ends when the server restarts");
    const again = await waitFor(async () => (await fetch(`${url}/version`)).json(), {
      what: "the server back on the same URL",
    });
    assert.equal(again.minor, "32");
    stop.abort();
    assert.equal(await done, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
