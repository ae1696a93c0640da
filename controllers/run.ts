/**
 * The `run` command: the controller against a cluster.
 *
 * @module
 */
import type { RunOptions } from "../lib/cli.ts";

/** Runs the controller until SIGTERM/SIGINT; returns the exit code. */
export function runController(_options: RunOptions): Promise<number> {
  console.error("l4gw: the controller is not built yet (issue 8: the running controller)");
  return Promise.resolve(1);
}
