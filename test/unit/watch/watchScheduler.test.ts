import * as assert from 'assert';
import { FAILURES_FOR_DOWN, HISTORY_SIZE, WatchSample } from '../../../src/core/watch/contextHealth';
import { HeartbeatOutcome, WatchScheduler } from '../../../src/core/watch/watchScheduler';
import { JITTER, baseDelay, nextDelay } from '../../../src/core/watch/watchTiming';
import { FakeClock, seededRandom } from './fakeClock';
import { watchWorld } from './watchWorld';

const S = 1000;
const MIN = 60 * S;

describe('health watch: the schedule (fake clock)', () => {
  it('pings a newly watched context at once (no jitter), then every interval', async () => {
    const w = watchWorld({ intervalMs: 60 * S, names: ['a'] });
    await w.clock.advance(5 * MIN);
    assert.deepStrictEqual(w.beatTimes('a'), [0, 1, 2, 3, 4, 5].map((m) => m * MIN));
  });

  it('backs off for a host that stays down: a confirming ping after 10 s, then ×2, ×4, ×8 the interval, and ×8 from then on', async () => {
    const w = watchWorld({ intervalMs: 60 * S, names: ['a'] });
    await w.clock.advance(MIN);
    w.set('a', 'down');
    await w.clock.advance(60 * MIN);
    assert.deepStrictEqual(w.gaps('a').slice(0, 8), [MIN, MIN, 10 * S, 2 * MIN, 4 * MIN, 8 * MIN, 8 * MIN, 8 * MIN]);
  });

  it('stops growing the backoff at 10 minutes, and never waits less than the interval itself', () => {
    assert.deepStrictEqual([1, 2, 3, 4, 5].map((f) => baseDelay(120 * S, f)), [10 * S, 240 * S, 480 * S, 600 * S, 600 * S]);
    assert.deepStrictEqual([1, 2, 3, 4].map((f) => baseDelay(3600 * S, f)), [10 * S, 3600 * S, 3600 * S, 3600 * S]);
    assert.deepStrictEqual([1, 2, 3, 4, 5].map((f) => baseDelay(2 * S, f)), [2 * S, 4 * S, 8 * S, 16 * S, 16 * S], 'a short interval confirms after the interval');
  });

  it('resets to the interval as soon as the host answers again', async () => {
    const w = watchWorld({ intervalMs: 60 * S, names: ['a'] });
    w.set('a', 'down');
    await w.clock.advance(20 * MIN);
    w.set('a', 'up');
    const upFrom = w.beatTimes('a').length;
    await w.clock.advance(20 * MIN);
    const after = w.gaps('a').slice(upFrom);
    assert.ok(after.length >= 5, `few heartbeats after the host came back: ${JSON.stringify(after)}`);
    assert.deepStrictEqual(after, after.map(() => MIN));
  });

  it('jitter only shortens a delay, by at most a tenth', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 1000; i++) {
      const failures = i % 6;
      const base = baseDelay(60 * S, failures);
      const d = nextDelay(60 * S, failures, random);
      assert.ok(d <= base && d >= base * (1 - JITTER), `${d} is outside [${base * (1 - JITTER)}, ${base}]`);
    }
    assert.strictEqual(nextDelay(60 * S, 0, () => 0), 60 * S);
    assert.ok(nextDelay(60 * S, 0, () => 0.999999) > 54 * S);
  });

  it('spreads 50 contexts: their first heartbeats within 10 s, and never more than a few in the same 100 ms', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `c${i}`);
    const w = watchWorld({ intervalMs: 60 * S, names, random: seededRandom(42) });
    await w.clock.advance(30 * MIN);
    const firsts = names.map((n) => w.beatTimes(n)[0]);
    assert.ok(firsts.every((t) => t >= 0 && t < 10 * S), JSON.stringify(firsts));
    assert.ok(new Set(firsts).size === 50, 'no two start together');
    const times = w.beats.map((b) => b.at).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 100) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    assert.ok(busiest <= 4, `${busiest} heartbeats within 100 ms`);
    for (const n of names) {
      const gaps = w.gaps(n);
      assert.strictEqual(gaps.length >= 29, true, `${n}: ${gaps.length + 1} heartbeats in 30 minutes`);
      assert.ok(gaps.every((g) => g <= MIN && g >= MIN * (1 - JITTER)), `${n}: ${JSON.stringify(gaps)}`);
    }
  });

  it('pauses while inactive and, on resuming, pings what fell due within 3 s', async () => {
    const w = watchWorld({ intervalMs: 60 * S, names: ['a'], random: () => 0.5 });
    await w.clock.advance(10 * S);
    assert.deepStrictEqual(w.beatTimes('a'), [5 * S], 'the first heartbeat halfway through the 10 s start spread');
    w.scheduler.setActive(false);
    assert.strictEqual(w.clock.pending, 0, 'no timer armed while paused');
    await w.clock.advance(30 * MIN);
    assert.strictEqual(w.beats.length, 1, 'nothing pinged while paused');
    const resumedAt = w.clock.now();
    w.scheduler.setActive(true);
    await w.clock.advance(3 * S);
    assert.deepStrictEqual(w.beatTimes('a'), [5 * S, resumedAt + 1.5 * S], 'the overdue heartbeat halfway through the 3 s spread');
    await w.clock.advance(MIN);
    assert.deepStrictEqual(w.gaps('a').slice(1), [57 * S], 'then the jittered interval again');
  });

  it('a context due after the pause keeps its schedule when the window comes back', async () => {
    const w = watchWorld({ intervalMs: 60 * S, names: ['a'] });
    await w.clock.advance(10 * S);
    w.scheduler.setActive(false);
    await w.clock.advance(20 * S);
    w.scheduler.setActive(true);
    await w.clock.advance(40 * S);
    assert.deepStrictEqual(w.beatTimes('a'), [0, 60 * S]);
  });

  it('a heartbeat under way when the window loses focus is recorded, and the next waits for the focus', async () => {
    const clock = new FakeClock();
    let answer: ((o: HeartbeatOutcome) => void) | undefined;
    const samples: WatchSample[] = [];
    const scheduler = new WatchScheduler({
      clock,
      random: () => 0,
      intervalMs: MIN,
      ping: () => new Promise<HeartbeatOutcome>((resolve) => (answer = resolve)),
      onSample: (_, sample) => samples.push(sample),
    });
    scheduler.setTargets([{ name: 'a', key: 'a' }]);
    await clock.advance(0);
    assert.ok(answer, 'the first heartbeat started');
    scheduler.setActive(false);
    answer({ ok: true, latencyMs: 4 });
    await clock.advance(10 * MIN);
    assert.deepStrictEqual(samples.map((s) => s.ok && s.latencyMs), [4], 'its answer was recorded');
    assert.strictEqual(clock.pending, 0, 'and the next is not armed');
    answer = undefined;
    scheduler.setActive(true);
    await clock.advance(0);
    assert.ok(answer, 'overdue, the next heartbeat starts at once on resuming (no jitter)');
  });

  it('a cancelled ping counts for nothing: no sample, the failures in a row unchanged', async () => {
    const w = watchWorld({ intervalMs: 60 * S, names: ['a'] });
    await w.clock.advance(0);
    w.set('a', 'down');
    await w.clock.advance(MIN);
    assert.strictEqual(w.samples.length, 2);
    w.set('a', 'cancelled');
    await w.clock.advance(10 * S);
    assert.strictEqual(w.samples.length, 2, 'the cancelled ping left no sample');
    assert.strictEqual(w.scheduler.health('a'), 'up', 'one failure does not make it down');
    w.set('a', 'down');
    await w.clock.advance(10 * S);
    assert.strictEqual(w.scheduler.health('a'), 'down', 'the failure before the cancelled ping still counts');
    assert.deepStrictEqual(w.transitionsOf('a'), ['down']);
  });

  it('a shorter interval brings later heartbeats forward; a longer one leaves the next where it was', async () => {
    const w = watchWorld({ intervalMs: 600 * S, names: ['a'] });
    await w.clock.advance(10 * S);
    w.scheduler.setInterval(30 * S);
    await w.clock.advance(60 * S);
    assert.deepStrictEqual(w.beatTimes('a'), [0, 40 * S, 70 * S]);
    w.scheduler.setInterval(600 * S);
    await w.clock.advance(30 * S);
    assert.deepStrictEqual(w.beatTimes('a'), [0, 40 * S, 70 * S, 100 * S]);
  });

  it('forgets a context that is no longer watched, with its history and its timer', async () => {
    const w = watchWorld({ intervalMs: 60 * S, names: ['a', 'b'] });
    await w.clock.advance(MIN);
    assert.strictEqual(w.scheduler.history('a')?.length, 2);
    w.scheduler.setTargets([{ name: 'b', key: 'unix:///b.sock' }]);
    assert.strictEqual(w.scheduler.history('a'), undefined);
    await w.clock.advance(10 * MIN);
    assert.strictEqual(w.beatTimes('a').length, 2);
    assert.deepStrictEqual(w.scheduler.names, ['b']);
    w.scheduler.dispose();
    assert.strictEqual(w.clock.pending, 0);
  });
});

describe('health watch: transitions (fake clock)', () => {
  it('ignores the answer of a heartbeat under way when its context stops being watched', async () => {
    const clock = new FakeClock();
    const answers: Array<(o: HeartbeatOutcome) => void> = [];
    const samples: string[] = [];
    const scheduler = new WatchScheduler({
      clock,
      random: () => 0,
      intervalMs: MIN,
      ping: () => new Promise<HeartbeatOutcome>((resolve) => answers.push(resolve)),
      onSample: (name) => samples.push(name),
    });
    scheduler.setTargets([{ name: 'a', key: 'a' }]);
    await clock.advance(0);
    scheduler.setTargets([]);
    answers[0]({ ok: false, latencyMs: 1, kind: 'timeout' });
    await clock.advance(10 * MIN);
    assert.deepStrictEqual(samples, []);
    assert.strictEqual(clock.pending, 0, 'and nothing is scheduled for it');
    assert.strictEqual(answers.length, 1);
  });

  it('an engine that answers at start says nothing; one that is down at start says "down" once', async () => {
    const w = watchWorld({ intervalMs: 60 * S, names: ['up', 'down'] });
    w.set('down', 'down');
    await w.clock.advance(60 * MIN);
    assert.deepStrictEqual(w.transitionsOf('up'), []);
    assert.deepStrictEqual(w.transitionsOf('down'), ['down']);
    assert.strictEqual(w.transitions[0].at, 10 * S, 'told at the confirming heartbeat');
  });

  it(`needs ${FAILURES_FOR_DOWN} failures in a row: a single lost heartbeat is no outage, at start or later`, async () => {
    const w = watchWorld({ intervalMs: 60 * S, names: ['a'] });
    w.failNext('a', 1);
    await w.clock.advance(10 * MIN);
    for (let i = 0; i < 5; i++) {
      w.failNext('a', 1);
      await w.clock.advance(5 * MIN);
    }
    assert.deepStrictEqual(w.transitionsOf('a'), []);
    assert.ok(w.samples.filter((s) => !s.sample.ok).length >= 6);
  });

  it('tells exactly one "down" and one "up" per outage, across hundreds of heartbeats and several outages', async () => {
    const w = watchWorld({ intervalMs: 10 * S, names: ['a', 'b'], random: seededRandom(3) });
    for (let outage = 0; outage < 4; outage++) {
      await w.clock.advance(30 * MIN);
      w.set('a', 'down');
      await w.clock.advance(45 * MIN);
      w.set('a', 'up');
    }
    await w.clock.advance(30 * MIN);
    assert.ok(w.beatTimes('a').length > 300, `${w.beatTimes('a').length} heartbeats`);
    assert.deepStrictEqual(w.transitionsOf('a'), ['down', 'up', 'down', 'up', 'down', 'up', 'down', 'up']);
    assert.deepStrictEqual(w.transitionsOf('b'), []);
  });

  it('a context whose endpoint changes starts afresh: coming back at the new endpoint says nothing', async () => {
    const w = watchWorld({ intervalMs: 60 * S, names: ['a'] });
    w.set('a', 'down');
    await w.clock.advance(MIN);
    assert.deepStrictEqual(w.transitionsOf('a'), ['down']);
    w.set('a', 'up');
    w.scheduler.setTargets([{ name: 'a', key: 'tcp://elsewhere:2376' }]);
    await w.clock.advance(10 * MIN);
    assert.deepStrictEqual(w.transitionsOf('a'), ['down'], 'no "up" for a baseline');
    assert.strictEqual(w.scheduler.history('a')?.length, 11, 'a new history: 60 s to 660 s');
  });

  it(`keeps the last ${HISTORY_SIZE} heartbeats, oldest first, failures with their kind`, async () => {
    const w = watchWorld({ intervalMs: 10 * S, names: ['a'], latencyMs: (_, n) => n });
    await w.clock.advance(400 * S);
    w.set('a', 'down');
    await w.clock.advance(10 * S);
    const history = w.scheduler.history('a')!;
    assert.strictEqual(history.length, HISTORY_SIZE);
    assert.deepStrictEqual(history.slice(0, -1).map((s) => s.ok && s.latencyMs), Array.from({ length: HISTORY_SIZE - 1 }, (_, i) => 41 - HISTORY_SIZE + 1 + i + 1));
    const last = history[HISTORY_SIZE - 1];
    assert.ok(!last.ok && last.kind === 'connection-refused');
    assert.strictEqual(last.at, 410 * S);
  });
});
