/**
 * The `sandbox` command: the embedded API server on loopback, optionally with the controller.
 *
 * @module
 */
import type { SandboxOptions } from "../cli.ts";

/** Runs the sandbox until SIGTERM/SIGINT; returns the exit code. */
export function runSandbox(_options: SandboxOptions): Promise<number> {
  console.error("l4gw: the sandbox is not built yet (issue 4: the embedded API server)");
  return Promise.resolve(1);
}
