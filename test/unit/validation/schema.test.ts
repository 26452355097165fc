import * as assert from 'assert';
import { certificateRules, daysProblem, requestProblems, wholeNumberText } from '../../../src/core/certs/certificateInputs';
import { contextName, newContextName } from '../../../src/core/store/contextName';
import { ArgumentError, absolutePath, accepts, anyOf, check, flag, listOf, oneOf, optional, record, text, wholeNumber } from '../../../src/core/validation/schema';

/** The message of the ArgumentError that `check` throws for `value`. */
function refusal<T>(schema: Parameters<typeof check<T>>[0], value: unknown, subject = 'dockerContexts.test'): ArgumentError {
  try {
    check(schema, value, subject);
  } catch (e) {
    assert.ok(e instanceof ArgumentError, `threw ${String(e)} instead of an ArgumentError`);
    assert.strictEqual(e.kind, 'invalid-argument');
    return e;
  }
  assert.fail(`took ${JSON.stringify(value)}`);
}

/** A small deterministic generator, so a failing case can be run again. */
function randomValues(seed: number, count: number): unknown[] {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const atoms: (() => unknown)[] = [
    () => null,
    () => undefined,
    () => Math.floor(next() * 80000) - 20000,
    () => next() * 100,
    () => NaN,
    () => Infinity,
    () => String(Math.floor(next() * 1000)),
    () => '',
    () => next() < 0.5,
    () => [],
    () => [null],
    () => ({}),
    () => Symbol('s'),
    () => () => 1,
  ];
  return Array.from({ length: count }, () => atoms[Math.floor(next() * atoms.length)]());
}

describe('argument schemas', () => {
  const renew = record<{ name: string; caKey?: string; days?: number }>({ name: contextName, caKey: optional(absolutePath()), days: optional(certificateRules.days) });

  it('names the field and what it must be, after the command', () => {
    const e = refusal(renew, { name: 'prod', days: 0 }, 'dockerContexts.renewClientCertificate');
    assert.strictEqual(e.message, 'dockerContexts.renewClientCertificate: days must be a whole number from 1 to 36500.');
    assert.strictEqual(e.field, 'days');
    assert.strictEqual(e.expected, 'a whole number from 1 to 36500');
  });

  it('refuses wrong types: a string for a number, null, NaN, fractions, values out of range', () => {
    for (const days of ['abc', '30', null, NaN, Infinity, 1.5, -1, 0, 36501, true, [30], { days: 30 }]) {
      assert.strictEqual(refusal(renew, { name: 'prod', days }).field, 'days', JSON.stringify(days));
    }
    assert.deepStrictEqual(check(renew, { name: 'prod', days: 36500 }, 'x'), { name: 'prod', days: 36500 });
    assert.deepStrictEqual(check(renew, { name: 'prod', days: 1 }, 'x'), { name: 'prod', days: 1 });
  });

  it('refuses a missing required field by name, and an argument that is not an object as a whole', () => {
    assert.strictEqual(refusal(renew, { days: 30 }).message, 'dockerContexts.test: name must be a context name.');
    for (const arg of [null, 'prod', 42, [], true]) {
      assert.strictEqual(refusal(renew, arg).message, 'dockerContexts.test takes { name, caKey?, days? }.', JSON.stringify(arg));
    }
  });

  it('refuses a field it does not take, so that a mistyped option is not silently dropped', () => {
    const e = refusal(renew, { name: 'prod', day: 30 });
    assert.strictEqual(e.field, 'day');
    assert.strictEqual(e.message, 'dockerContexts.test: day is not an argument it takes; it takes { name, caKey?, days? }.');
  });

  it('treats undefined as left out but null as a wrong value', () => {
    assert.deepStrictEqual(check(renew, { name: 'p', days: undefined }, 'x'), { name: 'p' });
    assert.strictEqual(refusal(renew, { name: 'p', caKey: null }).field, 'caKey');
  });

  it('names the item of a list at fault, null included', () => {
    const ips = record<{ ips: string[] }>({ ips: listOf(certificateRules.ip) });
    const e = refusal(ips, { ips: ['127.0.0.1', null] });
    assert.strictEqual(e.field, 'ips[1]');
    assert.strictEqual(e.message, 'dockerContexts.test: ips[1] must be an IPv4 or IPv6 address.');
    assert.match(refusal(ips, { ips: ['10.0.0.300'] }).message, /ips\[0\] must be an IPv4 or IPv6 address\. "10\.0\.0\.300" is not an IPv4 or IPv6 address\./);
    assert.strictEqual(refusal(ips, { ips: '127.0.0.1' }).message, 'dockerContexts.test: ips must be a list (each item an IPv4 or IPv6 address).');
  });

  it('names nested fields with their path, and refuses a string where an object is expected', () => {
    const ca = record<{ existingCa?: { cert: string; key: string } }>({ existingCa: optional(record({ cert: absolutePath(), key: absolutePath() })) });
    assert.strictEqual(refusal(ca, { existingCa: 'ca.pem' }).message, 'dockerContexts.test: existingCa must be { cert, key }.');
    assert.strictEqual(refusal(ca, { existingCa: { cert: '/ca.pem', key: 5 } }).field, 'existingCa.key');
    assert.match(refusal(ca, { existingCa: { cert: 'ca.pem', key: '/k' } }).message, /existingCa\.cert must be an absolute path\. "ca\.pem" is not an absolute path\./);
  });

  it('reports the telling field of the alternative the caller meant, or the forms when none fits', () => {
    const files = record<{ name: string; ca: string }>({ name: text(), ca: text() });
    const folder = record<{ name: string; certDir: string }>({ name: text(), certDir: text() });
    const either = anyOf<{ name: string; ca?: string; certDir?: string }>(files, folder);
    assert.strictEqual(refusal(either, { name: 'x', certDir: 5 }).field, 'certDir');
    assert.strictEqual(refusal(either, { name: 'x' }).message, 'dockerContexts.test takes { name, ca } or { name, certDir }.');
    assert.strictEqual(refusal(either, { name: 'x', ca: '/c', certdir: '/d' }).message, 'dockerContexts.test: certdir is not an argument it takes; it takes { name, ca } or { name, certDir }.');
    assert.deepStrictEqual(check(either, { name: 'x', certDir: '/d' }, 'x'), { name: 'x', certDir: '/d' });
  });

  it('describes flags and fixed choices', () => {
    const s = record<{ force?: boolean; keySize?: number }>({ force: optional(flag), keySize: optional(oneOf([2048, 4096])) });
    assert.strictEqual(refusal(s, { force: 'yes' }).message, 'dockerContexts.test: force must be true or false.');
    assert.strictEqual(refusal(s, { keySize: 1024 }).message, 'dockerContexts.test: keySize must be one of 2048, 4096.');
  });

  it('uses the docker CLI’s rule for new context names and says why a name is refused', () => {
    const create = record<{ name: string }>({ name: newContextName });
    const e = refusal(create, { name: 'a' });
    assert.match(e.message, /^dockerContexts\.test: name must be a new context name\. "a" is not a valid context name/);
    assert.match(refusal(create, { name: 'default' }).message, /reserved/);
    assert.ok(accepts(contextName, 'default'));
    assert.ok(!accepts(contextName, '  '));
  });

  it('holds the same validity rule for the generator, the wizard and the commands', () => {
    assert.strictEqual(daysProblem(365), undefined);
    assert.match(daysProblem(0)!, /whole number from 1 to 36500/);
    assert.deepStrictEqual(requestProblems({ hostnames: ['h'], days: 36501 }), [daysProblem(36501)]);
    assert.strictEqual(wholeNumberText(' 90 '), 90);
    assert.ok(Number.isNaN(wholeNumberText('1e3')));
    assert.ok(Number.isNaN(wholeNumberText('12.0')));
  });

  it('never takes a generated value of the wrong type, and always answers with an ArgumentError or a typed value', () => {
    const s = record<{ n: number; s?: string; list?: boolean[] }>({ n: wholeNumber(1, 10), s: optional(text()), list: optional(listOf(flag)) });
    for (const [i, value] of randomValues(7, 400).entries()) {
      for (const arg of [value, { n: value }, { n: 5, s: value }, { n: 5, list: [true, value] }]) {
        let result: unknown;
        try {
          result = check(s, arg, 'x');
        } catch (e) {
          assert.ok(e instanceof ArgumentError, `case ${i}: ${String(e)}`);
          continue;
        }
        const r = result as { n: number; s?: string; list?: boolean[] };
        assert.ok(Number.isInteger(r.n) && r.n >= 1 && r.n <= 10, `case ${i}`);
        assert.ok(r.s === undefined || typeof r.s === 'string', `case ${i}`);
        assert.ok(r.list === undefined || r.list.every((b) => typeof b === 'boolean'), `case ${i}`);
      }
    }
  });
});
