import * as assert from 'assert';
import { Deadline, pauseAll } from '../../src/core/deadline';
import { waitUntil } from '../support/waitUntil';

const hold = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('Deadline: a limit on network time only', () => {
  it('expires after its limit with a TimeoutError, as AbortSignal.timeout does', async () => {
    const d = new Deadline(50);
    await waitUntil('the deadline to expire', () => d.expired, { timeoutMs: 2000 });
    assert.strictEqual((d.signal.reason as DOMException).name, 'TimeoutError');
  });

  it('stands still while a person answers, and runs on with what was left afterwards', async () => {
    const d = new Deadline(150);
    await d.whilePaused(() => hold(400));
    assert.strictEqual(d.expired, false, 'the time spent on the prompt does not count');
    await waitUntil('the deadline to expire after the prompt', () => d.expired, { timeoutMs: 2000 });
    d.dispose();
  });

  it('pauses nest: the clock runs again only when the last pause ends', async () => {
    const d = new Deadline(100);
    await d.whilePaused(async () => {
      await d.whilePaused(() => hold(50));
      await hold(200);
    });
    assert.strictEqual(d.expired, false);
    d.dispose();
  });

  it('pauseAll stops every clock it is given', async () => {
    const a = new Deadline(100);
    const b = new Deadline(100);
    await pauseAll([a.whilePaused, undefined, b.whilePaused])(() => hold(300));
    assert.deepStrictEqual([a.expired, b.expired], [false, false]);
    a.dispose();
    b.dispose();
  });

  it('never fires once disposed', async () => {
    const d = new Deadline(30);
    d.dispose();
    await hold(100);
    assert.strictEqual(d.expired, false);
  });
});
