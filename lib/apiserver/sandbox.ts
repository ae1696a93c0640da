/**
 * The `sandbox` command: the embedded API server on loopback (optionally with the controller), a
 * kubeconfig for it, one ready line with the URL, the kubectl commands to try, and a clean stop on
 * SIGINT/SIGTERM (exit 0).
 *
 * @module
 */
import { resolve } from "node:path";
import type { SandboxOptions } from "../cli.ts";
import { startApiServer } from "./server.ts";

/** Seams for the parts of the sandbox that live elsewhere or that tests drive. */
export interface SandboxHooks {
  /**
   * Starts the controller against the sandbox's kubeconfig; it must stop when `signal` aborts.
   * Without it, `--controller` prints that the controller is not wired yet and serves on.
   */
  startController?: (kubeconfigPath: string, signal: AbortSignal) => Promise<void>;
  /** Stops the sandbox (tests); by default SIGINT or SIGTERM does. */
  stop?: AbortSignal;
  /** Where lines go. @default console.log */
  print?: (line: string) => void;
}

/** Runs `fn` every `seconds` (0: never); returns the function that stops it. */
function every(seconds: number, fn: () => void): () => void {
  if (seconds <= 0) return () => {};
  const id = setInterval(fn, seconds * 1000);
  return () => clearInterval(id);
}

function waitForSignal(stop: AbortSignal | undefined): Promise<string> {
  return new Promise((done) => {
    const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
    const handlers = signals.map((sig) => {
      const h = () => finish(sig);
      Deno.addSignalListener(sig, h);
      return [sig, h] as const;
    });
    const finish = (why: string) => {
      for (const [sig, h] of handlers) Deno.removeSignalListener(sig, h);
      stop?.removeEventListener("abort", onAbort);
      done(why);
    };
    const onAbort = () => finish("stop");
    if (stop?.aborted) finish("stop");
    else stop?.addEventListener("abort", onAbort);
  });
}

/**
 * Runs the sandbox until SIGINT/SIGTERM (or `hooks.stop`); returns the exit code.
 *
 * @example
 * ```ts
 * // l4gw sandbox --no-controller --port 6443 --kubeconfig ./sandbox.kubeconfig
 * await runSandbox({ ...options, controller: false, port: 6443, kubeconfigOut: "sandbox.kubeconfig" });
 * ```
 */
export async function runSandbox(
  options: SandboxOptions,
  hooks: SandboxHooks = {},
): Promise<number> {
  const print = hooks.print ?? ((line: string) => console.log(line));
  let server;
  try {
    server = await startApiServer({
      port: options.port,
      tls: options.tls,
      bundle: options.bundle,
      watchHistory: options.watchHistory,
      faults: {
        watchMaxEvents: options.faultWatchMaxEvents,
        watchMaxSeconds: options.faultWatchMaxSeconds,
        conflictRate: options.faultConflictRate,
        errorRate: options.faultErrorRate,
        latencyMs: options.faultLatencyMs,
      },
    });
  } catch (error) {
    console.error(
      `l4gw sandbox: cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}`,
    );
    return 1;
  }
  const kubeconfig = resolve(options.kubeconfigOut);
  try {
    await server.writeKubeconfig(kubeconfig);
  } catch (error) {
    console.error(
      `l4gw sandbox: cannot write the kubeconfig to ${kubeconfig}: ${(error as Error).message}`,
    );
    await server.stop();
    return 1;
  }
  print(`l4gw sandbox: Kubernetes API server ready at ${server.url} (kubeconfig: ${kubeconfig})`);
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  if (options.controller && hooks.startController) {
    running = hooks.startController(kubeconfig, controller.signal);
  } else if (options.controller) {
    print(
      "l4gw sandbox: the controller is not wired into the sandbox yet; serving the API server only",
    );
  }
  const k = `kubectl --kubeconfig ${kubeconfig}`;
  for (
    const line of [
      "Try:",
      `  export KUBECONFIG=${kubeconfig}`,
      `  ${k} apply -f manifests/examples/ -f manifests/examples/sandbox/`,
      `  ${k} wait --for=condition=Programmed gateway --all -n demo`,
      `  ${k} get gateways,tcproutes,udproutes -A`,
      `  ${k} get services -A -l app.kubernetes.io/managed-by=l4gw`,
      "Stop with Ctrl-C.",
    ]
  ) print(line);
  const periodic = [
    every(options.faultCompactSeconds, () => server.faults.compact()),
    every(options.faultRestartSeconds, () => {
      server.restart().catch((e) => console.error(`l4gw sandbox: restart failed: ${e.message}`));
    }),
  ];
  const why = await waitForSignal(hooks.stop);
  for (const stop of periodic) stop();
  controller.abort(new Error(`sandbox stopping (${why})`));
  await running?.catch((error) => console.error(`l4gw sandbox: controller: ${error.message}`));
  await server.stop();
  print(`l4gw sandbox: stopped (${why})`);
  return 0;
}
