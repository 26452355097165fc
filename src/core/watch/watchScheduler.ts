import { ContextHealth, Health, Transition, WatchSample } from './contextHealth';
import { Random, nextDelay, resumeDelay, startDelay } from './watchTiming';

/** The time and the timers the scheduler runs on: the real ones in the editor, a fake clock in tests. */
export interface WatchClock {
  now(): number;
  /** Calls `callback` once after `ms`; the returned function cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

/** The real clock: Date.now and timers that never keep a process alive. */
export const realClock: WatchClock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A heartbeat's outcome: an answer with its latency, a failure with its kind, or a cancelled ping (which counts for nothing). */
export type HeartbeatOutcome = { readonly ok: true; readonly latencyMs: number } | { readonly ok: false; readonly latencyMs: number; readonly kind: string };

/** A context to watch; when its `key` (its endpoint, say) changes, it is watched afresh. */
export interface WatchTarget {
  readonly name: string;
  readonly key: string;
}

export interface WatchSchedulerOptions {
  readonly clock: WatchClock;
  readonly random: Random;
  readonly intervalMs: number;
  /** One heartbeat of `name`; never rejects (a rejection counts as a failure of kind `unknown`). */
  ping(name: string): Promise<HeartbeatOutcome | 'cancelled'>;
  /** After each heartbeat that counted, with the transition it made, if any. */
  onSample(name: string, sample: WatchSample, transition: Transition | undefined): void;
}

interface Watched {
  readonly key: string;
  readonly health: ContextHealth;
  /** When the next heartbeat is due (clock milliseconds). */
  dueAt: number;
  cancelTimer?: () => void;
  pinging: boolean;
}

/**
 * Heartbeats for a set of contexts, each on its own jittered schedule (see watchTiming.ts):
 * the first within a few seconds of being watched, then every interval, sooner after a first
 * failure, backing off while a host stays down. Paused (no timer armed) while inactive; on
 * resuming, what fell due meanwhile is pinged within a few seconds. One heartbeat per context at
 * a time; the next is scheduled when it ends. Plain code: no editor, no real timers unless given.
 */
export class WatchScheduler {
  private readonly watched = new Map<string, Watched>();
  private intervalMs: number;
  private active = true;
  private disposed = false;

  constructor(private readonly options: WatchSchedulerOptions) {
    this.intervalMs = options.intervalMs;
  }

  /** Watches exactly `targets`: new ones start afresh, gone ones (or with another key) are forgotten, history included. */
  setTargets(targets: readonly WatchTarget[]): void {
    const wanted = new Map(targets.map((t) => [t.name, t.key]));
    for (const [name, w] of [...this.watched]) {
      if (wanted.get(name) === w.key) continue;
      w.cancelTimer?.();
      this.watched.delete(name);
    }
    const now = this.options.clock.now();
    for (const [name, key] of wanted) {
      if (this.watched.has(name)) continue;
      const w: Watched = { key, health: new ContextHealth(), dueAt: now + startDelay(this.intervalMs, this.options.random), pinging: false };
      this.watched.set(name, w);
      this.arm(name, w);
    }
  }

  /** A new interval: a heartbeat due later than the new schedule allows comes sooner; earlier ones stay. */
  setInterval(intervalMs: number): void {
    if (intervalMs === this.intervalMs) return;
    this.intervalMs = intervalMs;
    const now = this.options.clock.now();
    for (const [name, w] of this.watched) {
      if (w.pinging) continue;
      w.dueAt = Math.min(w.dueAt, now + nextDelay(intervalMs, w.health.consecutiveFailures, this.options.random));
      this.arm(name, w);
    }
  }

  /** Pauses (false) or resumes (true) every schedule; on resuming, what fell due meanwhile is pinged soon. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    const now = this.options.clock.now();
    for (const [name, w] of this.watched) {
      if (!active) {
        w.cancelTimer?.();
        w.cancelTimer = undefined;
        continue;
      }
      if (w.pinging) continue;
      if (w.dueAt <= now) w.dueAt = now + resumeDelay(this.intervalMs, this.options.random);
      this.arm(name, w);
    }
  }

  get isActive(): boolean {
    return this.active;
  }

  /** The names watched now. */
  get names(): string[] {
    return [...this.watched.keys()];
  }

  /** The last heartbeats of `name`, oldest first; undefined when it is not watched. */
  history(name: string): readonly WatchSample[] | undefined {
    return this.watched.get(name)?.health.history;
  }

  health(name: string): Health | undefined {
    return this.watched.get(name)?.health.health;
  }

  /** When the next heartbeat of `name` is due (clock milliseconds); undefined while one runs or when it is not watched. */
  dueAt(name: string): number | undefined {
    const w = this.watched.get(name);
    return w && !w.pinging ? w.dueAt : undefined;
  }

  /** Stops every timer; heartbeats under way end unheard. */
  dispose(): void {
    this.disposed = true;
    for (const w of this.watched.values()) w.cancelTimer?.();
    this.watched.clear();
  }

  private arm(name: string, w: Watched): void {
    w.cancelTimer?.();
    w.cancelTimer = undefined;
    if (!this.active || w.pinging || this.disposed) return;
    const wait = Math.max(0, w.dueAt - this.options.clock.now());
    w.cancelTimer = this.options.clock.setTimer(() => this.beat(name, w), wait);
  }

  private beat(name: string, w: Watched): void {
    w.cancelTimer = undefined;
    if (!this.active || this.watched.get(name) !== w) return;
    w.pinging = true;
    const unknown = (): HeartbeatOutcome => ({ ok: false, latencyMs: 0, kind: 'unknown' });
    let pending: Promise<HeartbeatOutcome | 'cancelled'>;
    try {
      pending = this.options.ping(name).catch(unknown);
    } catch {
      pending = Promise.resolve(unknown());
    }
    void pending.then((outcome) => this.ended(name, w, outcome));
  }

  private ended(name: string, w: Watched, outcome: HeartbeatOutcome | 'cancelled'): void {
    w.pinging = false;
    // Forgotten (unwatched, its endpoint changed, or disposed) while it ran: nothing to do.
    if (this.watched.get(name) !== w) return;
    const now = this.options.clock.now();
    if (outcome !== 'cancelled') {
      const sample: WatchSample = outcome.ok ? { at: now, ok: true, latencyMs: outcome.latencyMs } : { at: now, ok: false, latencyMs: outcome.latencyMs, kind: outcome.kind };
      const transition = w.health.record(sample);
      try {
        this.options.onSample(name, sample, transition);
      } catch {
        // A listener's failure never stops the schedule.
      }
      if (this.watched.get(name) !== w) return;
    }
    w.dueAt = now + nextDelay(this.intervalMs, w.health.consecutiveFailures, this.options.random);
    this.arm(name, w);
  }
}
