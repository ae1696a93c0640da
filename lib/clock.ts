/**
 * Time as an input. Everything in the controller that waits or measures takes a {@link Clock}, so tests
 * drive time with {@link FakeClock} instead of sleeping.
 *
 * @module
 */

/** Cancels a timer made by {@link Clock.setTimer}. Calling it twice is harmless. */
export type CancelTimer = () => void;

/** A source of the current time and of timers. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once, `ms` milliseconds from now. */
  setTimer(ms: number, fn: () => void): CancelTimer;
  /**
   * Resolves after `ms` milliseconds, or rejects with the signal's reason when it aborts first.
   *
   * @example
   * ```ts
   * await systemClock.sleep(10);
   * ```
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function sleepWith(
  clock: Pick<Clock, "setTimer">,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.setTimer(ms, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The wall clock and the runtime's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const id = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(id);
  },
  sleep(ms, signal) {
    return sleepWith(this, ms, signal);
  },
};

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that only moves when told to. Timers fire, in order of due time, during {@link FakeClock.advance}.
 *
 * @example
 * ```ts
 * const clock = new FakeClock(0);
 * let fired = false;
 * clock.setTimer(100, () => fired = true);
 * clock.advance(99); // fired === false
 * clock.advance(1); // fired === true
 * ```
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: FakeTimer[] = [];

  /** @param start the initial time in milliseconds since the epoch. @default 0 */
  constructor(start = 0) {
    this.#now = start;
  }

  /** The fake current time. */
  now(): number {
    return this.#now;
  }

  /** Schedules `fn` at `now() + ms`; it runs inside a later {@link FakeClock.advance}. */
  setTimer(ms: number, fn: () => void): CancelTimer {
    const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Resolves once the fake time has been advanced by `ms`. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }

  /** How many timers are waiting to fire. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due, earliest first. Timers set by a
   * firing timer also fire if they fall due within the same advance.
   *
   * @throws {RangeError} when `ms` is negative: time never goes back.
   */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError(`Cannot advance a clock by a negative duration: ${ms} ms`);
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = target;
  }
}
