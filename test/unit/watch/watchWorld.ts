import { Transition, WatchSample } from '../../../src/core/watch/contextHealth';
import { HeartbeatOutcome, WatchScheduler } from '../../../src/core/watch/watchScheduler';
import { FakeClock } from './fakeClock';

/** What a fake engine does when pinged. */
export type EngineState = 'up' | 'down' | 'cancelled';

/**
 * A scheduler on a fake clock over fake engines whose state the test sets; every heartbeat
 * and every transition is written down with its time.
 */
export function watchWorld(options: { intervalMs: number; names: readonly string[]; random?: () => number; latencyMs?: (name: string, n: number) => number }) {
  const clock = new FakeClock();
  const engines = new Map<string, EngineState>();
  /** Heartbeats still to fail, by context, whatever its state. */
  const toFail = new Map<string, number>();
  const beats: Array<{ readonly name: string; readonly at: number }> = [];
  const samples: Array<{ readonly name: string; readonly sample: WatchSample }> = [];
  const transitions: Array<{ readonly name: string; readonly transition: Transition; readonly at: number }> = [];
  const scheduler = new WatchScheduler({
    clock,
    random: options.random ?? (() => 0),
    intervalMs: options.intervalMs,
    ping(name): Promise<HeartbeatOutcome | 'cancelled'> {
      beats.push({ name, at: clock.now() });
      const failing = toFail.get(name) ?? 0;
      if (failing > 0) toFail.set(name, failing - 1);
      const state = failing > 0 ? 'down' : (engines.get(name) ?? 'up');
      if (state === 'cancelled') return Promise.resolve('cancelled');
      const n = beats.filter((b) => b.name === name).length;
      return Promise.resolve(state === 'up' ? { ok: true, latencyMs: options.latencyMs?.(name, n) ?? 2 } : { ok: false, latencyMs: 1, kind: 'connection-refused' });
    },
    onSample(name, sample, transition) {
      samples.push({ name, sample });
      if (transition) transitions.push({ name, transition, at: clock.now() });
    },
  });
  scheduler.setTargets(options.names.map((name) => ({ name, key: `unix:///${name}.sock` })));
  return {
    clock,
    scheduler,
    beats,
    samples,
    transitions,
    set(name: string, state: EngineState): void {
      engines.set(name, state);
    },
    /** The next `count` heartbeats of `name` fail, then it is as before. */
    failNext(name: string, count: number): void {
      toFail.set(name, count);
    },
    /** The times of `name`'s heartbeats. */
    beatTimes(name: string): number[] {
      return beats.filter((b) => b.name === name).map((b) => b.at);
    },
    /** The waits between `name`'s heartbeats. */
    gaps(name: string): number[] {
      const times = beats.filter((b) => b.name === name).map((b) => b.at);
      return times.slice(1).map((t, i) => t - times[i]);
    },
    transitionsOf(name: string): Transition[] {
      return transitions.filter((t) => t.name === name).map((t) => t.transition);
    },
  };
}
