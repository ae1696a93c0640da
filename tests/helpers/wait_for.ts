/**
 * Waiting for a condition with a deadline: the only way our tests wait. Never sleep-and-hope.
 *
 * @module
 */

/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** How long to wait before failing, in milliseconds. @default 10_000 */
  deadline?: number;
  /** How often to re-check the condition, in milliseconds. @default 20 */
  interval?: number;
  /** What is being waited for, for the error message (a function can describe the last state). @default "condition" */
  what?: string | (() => string);
  /** Stops waiting early (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * Resolves with the first truthy value `condition` returns, re-checking until the deadline. When the
 * deadline passes, it rejects with an error that names what was awaited and the last value or error
 * seen, so a failing test says what state it was stuck in.
 *
 * @example
 * ```ts
 * const gw = await waitFor(async () => {
 *   const g = await client.get(gateways, "default", "gw");
 *   return programmed(g) ? g : undefined;
 * }, { deadline: 5_000, what: "Gateway default/gw Programmed" });
 * ```
 */
export async function waitFor<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitForOptions = {},
): Promise<T> {
  const { deadline = 10_000, interval = 20, what = "condition", signal } = options;
  const end = performance.now() + deadline;
  let last: unknown = undefined;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await condition();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (performance.now() >= end) {
      const seen = last instanceof Error
        ? `last error: ${last.message}`
        : `last value: ${JSON.stringify(last)}`;
      const described = typeof what === "function" ? what() : what;
      throw new Error(`Timed out after ${deadline} ms waiting for ${described} (${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
