import * as assert from 'assert';
import { WatchSample } from '../../../src/core/watch/contextHealth';
import { FAILURE_MARK, summarizeLatency } from '../../../src/core/watch/latencyHistory';
import { parseWatchSetting } from '../../../src/core/watch/watchSetting';

describe('health watch: the dockerContexts.watch setting', () => {
  it('takes "off", "current", nothing, and lists of context names (default included, duplicates dropped)', () => {
    assert.deepStrictEqual(parseWatchSetting(undefined), { targets: { mode: 'off' } });
    assert.deepStrictEqual(parseWatchSetting('off'), { targets: { mode: 'off' } });
    assert.deepStrictEqual(parseWatchSetting('current'), { targets: { mode: 'current' } });
    assert.deepStrictEqual(parseWatchSetting([]), { targets: { mode: 'off' } });
    assert.deepStrictEqual(parseWatchSetting(['prod', 'default', 'build.eu-1', 'prod']), { targets: { mode: 'names', names: ['prod', 'default', 'build.eu-1'] } });
  });

  it('watches nothing for any other value, and says why', () => {
    for (const wrong of ['on', 'Current', '', 42, true, {}, { names: ['a'] }, ['ok-name', 7], ['ok-name', ''], ['bad name'], [null]]) {
      const s = parseWatchSetting(wrong);
      assert.deepStrictEqual(s.targets, { mode: 'off' }, JSON.stringify(wrong));
      assert.match(s.problem ?? '', /dockerContexts\.watch .*watching nothing/, JSON.stringify(wrong));
    }
  });
});

describe('health watch: the latency line of a row’s hover', () => {
  const ok = (latencyMs: number): WatchSample => ({ at: 0, ok: true, latencyMs });
  const failed: WatchSample = { at: 0, ok: false, latencyMs: 5000, kind: 'timeout' };

  it('scales bars to the highest latency, marks failures, and gives min, median and max of the answers', () => {
    const s = summarizeLatency([ok(1), ok(2), ok(4), failed, ok(8), ok(3)]);
    assert.strictEqual(s.line, `▁▂▄${FAILURE_MARK}█▃`);
    assert.deepStrictEqual({ ...s, line: undefined }, { line: undefined, count: 6, failures: 1, minMs: 1, medianMs: 3, maxMs: 8 });
  });

  it('takes the middle two for an even count, and rounds to whole milliseconds', () => {
    const s = summarizeLatency([ok(1.2), ok(2.4), ok(3.6), ok(10.4)]);
    assert.deepStrictEqual([s.minMs, s.medianMs, s.maxMs], [1, 3, 10]);
  });

  it('has no numbers when nothing answered, and no line before the first heartbeat', () => {
    assert.deepStrictEqual(summarizeLatency([failed, failed]), { line: FAILURE_MARK + FAILURE_MARK, count: 2, failures: 2 });
    assert.deepStrictEqual(summarizeLatency([]), { line: '', count: 0, failures: 0 });
  });

  it('gives equal latencies the full bar, and a zero latency the lowest', () => {
    assert.strictEqual(summarizeLatency([ok(5), ok(5)]).line, '██');
    assert.strictEqual(summarizeLatency([ok(0), ok(0)]).line, '▁▁');
  });
});
