/**
 * The `translate` command: an offline dry run of the controller's decisions.
 *
 * @module
 */
import type { TranslateOptions } from "./cli.ts";

/** Reads objects, translates them, prints the result; returns the exit code. */
export function runTranslate(_options: TranslateOptions): Promise<number> {
  console.error("l4gw: translate is not built yet (issue 7: translate())");
  return Promise.resolve(1);
}
