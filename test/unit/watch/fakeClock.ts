import { WatchClock } from '../../../src/core/watch/watchScheduler';

interface FakeTimer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  live: boolean;
}

/** Lets promises that are already settled run their callbacks (a macrotask turn, no timer). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock the test moves by hand: timers fire in time order as `advance` passes them, each
 * followed by a turn of the event loop so the heartbeats they start can end.
 */
export class FakeClock implements WatchClock {
  private time = 0;
  private seq = 0;
  private timers: FakeTimer[] = [];

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): () => void {
    const timer: FakeTimer = { at: this.time + Math.max(0, ms), seq: this.seq++, callback, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }

  /** Timers armed and not fired or cancelled. */
  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }

  /** Moves the time forward by `ms`, firing every timer due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      this.timers = this.timers.filter((t) => t.live);
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.time = next.at;
      next.live = false;
      next.callback();
    }
    this.time = end;
    await settle();
  }
}

/** A repeatable random source in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
