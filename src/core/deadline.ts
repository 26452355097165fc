import { performance } from 'perf_hooks';

/** Runs `work` (a question to a person) with a clock stopped, and starts the clock again after. */
export type PauseClock = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * A time limit that counts network time only: while a person is asked something (a host key, a
 * passphrase) the clock stands still, so a slow reader never turns a working connection into a
 * timeout. `signal` aborts with a TimeoutError, as `AbortSignal.timeout` does.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private remainingMs: number;
  private runningSince = 0;
  private timer: NodeJS.Timeout | undefined;
  private pauses = 0;

  constructor(limitMs: number) {
    this.remainingMs = limitMs;
    this.start();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Runs `work` with this clock stopped. Pauses nest: the clock runs again when the last one ends. */
  readonly whilePaused: PauseClock = async (work) => {
    if (this.pauses++ === 0) this.stop();
    try {
      return await work();
    } finally {
      if (--this.pauses === 0 && !this.expired) this.start();
    }
  };

  /** Stops the clock for good (the work it limited has ended). */
  dispose(): void {
    this.stop();
    this.pauses = Number.POSITIVE_INFINITY;
  }

  private start(): void {
    this.runningSince = performance.now();
    this.timer = setTimeout(() => this.controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), Math.max(0, this.remainingMs));
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remainingMs -= performance.now() - this.runningSince;
  }
}

/** Stops every clock in `clocks` while `work` runs. */
export function pauseAll(clocks: readonly (PauseClock | undefined)[]): PauseClock {
  return (work) => clocks.reduce<typeof work>((inner, clock) => (clock ? () => clock(inner) : inner), work)();
}
