import * as assert from 'assert';
import {
  CertificateDate,
  certificateDates,
  dueWarnings,
  parseWarningKey,
  supersededWarningKeys,
  warningKey,
  warningStage,
} from '../../../src/core/tls/expiryWarnings';
import { expiryState } from '../../../src/core/tls/tlsExpiry';

const DAY = 86_400_000;
const now = new Date('2026-03-01T12:00:00.000Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY);

describe('certificate expiry: the engine certificate counts like the others', () => {
  it('names the engine certificate when it ends first', () => {
    const s = expiryState({ client: inDays(200), ca: inDays(300), engine: inDays(5) }, 30, now);
    assert.deepStrictEqual(s, { state: 'soon', which: 'engine', date: inDays(5) });
  });

  it('an expired engine certificate makes the context expired', () => {
    assert.strictEqual(expiryState({ client: inDays(200), engine: inDays(-1) }, 30, now).state, 'expired');
  });

  it('a later engine date leaves the earliest of client and CA in charge', () => {
    const s = expiryState({ client: inDays(10), ca: inDays(300), engine: inDays(100) }, 30, now);
    assert.deepStrictEqual(s, { state: 'soon', which: 'client', date: inDays(10) });
  });

  it('an engine date alone (SkipTLSVerify, no files) is enough', () => {
    assert.deepStrictEqual(expiryState({ engine: inDays(90) }, 30, now), { state: 'ok', which: 'engine', date: inDays(90) });
  });
});

describe('certificate warnings: which one is due', () => {
  const date = (days: number, which: CertificateDate['which'] = 'engine', context = 'prod'): CertificateDate => ({ context, which, notAfter: inDays(days) });
  const due = (dates: CertificateDate[], options: { warnDays?: number; shown?: readonly string[] } = {}) =>
    dueWarnings(dates, { now, warnDays: options.warnDays ?? 30, shown: (k) => (options.shown ?? []).includes(k) });

  it('reaches 30, 7 and 1 days before the end, then the end', () => {
    assert.strictEqual(warningStage(inDays(45), now, 30), undefined);
    assert.strictEqual(warningStage(inDays(30), now, 30), undefined, '30 days exactly is not yet within 30 days, as the row says');
    assert.strictEqual(warningStage(inDays(29.9), now, 30), 30);
    assert.strictEqual(warningStage(inDays(7.5), now, 30), 30);
    assert.strictEqual(warningStage(inDays(6.9), now, 30), 7);
    assert.strictEqual(warningStage(inDays(0.5), now, 30), 1);
    assert.strictEqual(warningStage(now, now, 30), 'expired');
    assert.strictEqual(warningStage(inDays(-400), now, 30), 'expired');
  });

  it('leaves out the stages beyond the warning setting, and everything when it is 0', () => {
    assert.strictEqual(warningStage(inDays(20), now, 10), undefined, 'the 30-day stage is beyond a 10-day setting');
    assert.strictEqual(warningStage(inDays(5), now, 10), 7);
    assert.strictEqual(warningStage(inDays(20), now, 90), 30, 'a longer setting adds no stage of its own');
    assert.strictEqual(warningStage(inDays(0.5), now, 0), undefined);
    assert.strictEqual(warningStage(inDays(-1), now, 0), undefined);
    assert.deepStrictEqual(due([date(-1), date(3)], { warnDays: 0 }), []);
  });

  it('a certificate first seen 5 days before its end warns once, for 7 days, not for 30 after it', () => {
    const first = due([date(5)]);
    assert.deepStrictEqual(
      first.map((w) => [w.which, w.stage, w.daysLeft]),
      [['engine', 7, 5]],
    );
    assert.deepStrictEqual(due([date(5)], { shown: first.map((w) => w.key) }), []);
  });

  it('the next stage warns although the one before was shown', () => {
    const shown = due([date(20)]).map((w) => w.key);
    assert.strictEqual(shown.length, 1);
    assert.deepStrictEqual(
      due([date(0.5)], { shown }).map((w) => w.stage),
      [1],
    );
    assert.deepStrictEqual(
      due([date(-0.5)], { shown }).map((w) => [w.stage, w.daysLeft]),
      [['expired', -1]],
    );
  });

  it('each context and each certificate warns on its own', () => {
    const warnings = due([date(5, 'client'), date(5, 'ca'), date(5, 'engine'), date(5, 'engine', 'staging')]);
    assert.deepStrictEqual(
      warnings.map((w) => `${w.context}/${w.which}`),
      ['prod/client', 'prod/ca', 'prod/engine', 'staging/engine'],
    );
    assert.strictEqual(new Set(warnings.map((w) => w.key)).size, 4);
  });

  it('a renewed certificate (another end date) warns again', () => {
    const shown = due([date(5)]).map((w) => w.key);
    assert.deepStrictEqual(
      due([date(6)], { shown }).map((w) => w.stage),
      [7],
    );
  });

  it('its key names the context, the certificate, the end date and the stage, and reads back', () => {
    const d = date(5, 'client', 'odd/name%2F');
    const key = warningKey(d, 7);
    assert.ok(key.includes(d.notAfter.toISOString()) && key.includes('client'));
    assert.deepStrictEqual(parseWarningKey(key), { ...d, stage: 7 });
    assert.deepStrictEqual(parseWarningKey(warningKey(d, 'expired'))?.stage, 'expired');
    for (const other of ['dockerContexts.windowContext', 'certificateWarning/a/engine/nope/7', 'certificateWarning/a/server/2026-01-01T00:00:00.000Z/7', 'certificateWarning/a/engine/2026-01-01T00:00:00.000Z/3', 'certificateWarning/%E0/ca/2026-01-01T00:00:00.000Z/1']) {
      assert.strictEqual(parseWarningKey(other), undefined, other);
    }
  });

  it('forgets the keys of a certificate that has since been replaced, and keeps the rest', () => {
    const old = warningKey(date(5), 7);
    const oldClient = warningKey(date(5, 'client'), 7);
    const current = warningKey(date(40), 30);
    const otherContext = warningKey(date(5, 'engine', 'staging'), 7);
    const keys = [old, oldClient, current, otherContext, 'dockerContexts.windowContext'];
    assert.deepStrictEqual(supersededWarningKeys(keys, [date(40), date(5, 'client')]), [old]);
  });

  it('lists the dates of the contexts asked for', () => {
    const expiry = { prod: { client: inDays(1), engine: inDays(2) }, staging: { ca: inDays(3) } };
    assert.deepStrictEqual(
      certificateDates(expiry).map((d) => `${d.context}/${d.which}`),
      ['prod/client', 'prod/engine', 'staging/ca'],
    );
    assert.deepStrictEqual(
      certificateDates(expiry, ['staging', 'gone']).map((d) => `${d.context}/${d.which}`),
      ['staging/ca'],
    );
  });
});
