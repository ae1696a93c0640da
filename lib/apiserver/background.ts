/**
 * A tiny run-soon queue for the server's background controllers (garbage collector, namespace
 * lifecycle): work is keyed (a key queued twice runs once), runs after the current request finishes,
 * like kube-controller-manager reacting to a watch event, and stops with the server.
 *
 * @module
 */

/** Keyed deferred work. */
export class Background {
  readonly #pending = new Map<string, () => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  /** Called with errors thrown by a job (they never escape). */
  onError: (e: unknown) => void = () => {};

  /** Queues `job` under `key` (replacing a queued job with the same key). */
  run(key: string, job: () => void): void {
    if (this.#stopped) return;
    this.#pending.set(key, job);
    this.#timer ??= setTimeout(() => this.#drain(), 0);
  }

  #drain(): void {
    this.#timer = undefined;
    for (let round = 0; round < 100 && this.#pending.size; round++) {
      const jobs = [...this.#pending.values()];
      this.#pending.clear();
      for (const job of jobs) {
        try {
          job();
        } catch (e) {
          this.onError(e);
        }
      }
    }
    if (this.#pending.size && !this.#stopped) this.#timer = setTimeout(() => this.#drain(), 0);
  }

  /** True when nothing is queued. */
  get idle(): boolean {
    return this.#pending.size === 0;
  }

  /** Drops queued work and accepts no more. */
  stop(): void {
    this.#stopped = true;
    this.#pending.clear();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
