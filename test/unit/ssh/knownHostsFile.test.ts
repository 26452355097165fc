import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { matchLine, matchPatternList, namesMatch, strictBase64, wildcardMatch } from '../../../src/core/ssh/knownHostsFile';
import { parsePublicKeyBlob, sameKey, samePublicKey } from '../../../src/core/ssh/knownHostsKey';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

/** SSH wire-format strings, for hand-made blobs. */
function sshString(...parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(
    parts.map((p) => {
      const b = typeof p === 'string' ? Buffer.from(p, 'latin1') : p;
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      return Buffer.concat([len, b]);
    }),
  );
}

describe('known_hosts lines, read as OpenSSH reads them', () => {
  let world: TempWorld;
  let ed: { type: string; base64: string; blob: Buffer; file: string };
  before(() => {
    world = createTempWorld('drc-kh-file-');
    const file = path.join(world.root, 'ed');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const [type, base64] = readFileSync(`${file}.pub`, 'utf8').split(' ');
    ed = { type, base64, blob: Buffer.from(base64, 'base64'), file };
  });
  after(() => world.dispose());

  describe('patterns', () => {
    const table: [string, string, boolean][] = [
      ['*', '', true],
      ['*', 'anything', true],
      ['a*', 'a', true],
      ['*a*b', 'xaxxb', true],
      ['*a*b', 'xaxxbc', false],
      ['?', '', false],
      ['a?c', 'abc', true],
      ['a?c', 'ac', false],
      ['**.example.com', 'h.example.com', true],
      ['*.example.com', 'a.b.example.com', true],
      ['*.example.com', 'example.com', false],
      ['[*]:2222', '[h]:2222', true],
      ['[*]:2222', 'h', false],
      ['h*x*x*x*x*x*x*x*x*x*y', 'h' + 'x'.repeat(60), false],
    ];
    for (const [pattern, name, expected] of table) {
      it(`${pattern} ${expected ? 'takes' : 'does not take'} "${name}"`, () => assert.strictEqual(wildcardMatch(pattern, name), expected));
    }

    it('a pattern list: a positive match, a negated one, or neither', () => {
      assert.strictEqual(matchPatternList('h.example.com', 'a.example.com,h.example.com'), 1);
      assert.strictEqual(matchPatternList('h.example.com', '*.example.com,!h.example.com'), -1);
      assert.strictEqual(matchPatternList('h.example.com', '!other'), 0);
      assert.strictEqual(matchPatternList('h.example.com', ''), 0);
      assert.strictEqual(matchPatternList('h.example.com', 'H.EXAMPLE.*'), 1, 'patterns are lower-cased');
    });

    it('a pattern of 1023 characters or more fails the whole list, as in OpenSSH', () => {
      assert.strictEqual(matchPatternList('h', `h,${'x'.repeat(1023)}`), 0);
      assert.strictEqual(matchPatternList('h', `h,${'x'.repeat(1022)}`), 1);
    });

    it('the name is lower-cased, A to Z only', () => {
      assert.ok(namesMatch('localhost', 'LOCALHOST'));
      assert.ok(!namesMatch('straße', 'STRASSE'));
    });
  });

  describe('hashed names', () => {
    it('match what ssh-keygen -H writes, and nothing else', () => {
      const file = path.join(world.root, 'hashed');
      writeFileSync(file, `box.example.com ${ed.type} ${ed.base64}`);
      execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
      const names = readFileSync(file, 'utf8').split(' ')[0];
      assert.ok(namesMatch(names, 'box.example.com'));
      assert.ok(!namesMatch(names, 'box.example.org'));
      assert.ok(!namesMatch(`${names},box.example.com`, 'box.example.com'), 'a hashed field is one hash, not a list');
      assert.ok(!namesMatch(names.replace('|1|', '|2|'), 'box.example.com'));
    });
  });

  describe('base64 as b64_pton takes it', () => {
    it('skips white space and wants whole, correctly padded groups with no stray bits', () => {
      assert.deepStrictEqual(strictBase64('QUJD'), Buffer.from('ABC'));
      assert.deepStrictEqual(strictBase64('QU\rJD\r'), Buffer.from('ABC'));
      assert.deepStrictEqual(strictBase64('QUI='), Buffer.from('AB'));
      assert.strictEqual(strictBase64('QUI'), undefined);
      assert.strictEqual(strictBase64('QUJ='), undefined, 'stray bits');
      assert.strictEqual(strictBase64('QU!D'), undefined);
      assert.strictEqual(strictBase64('Q==='), undefined);
    });
  });

  describe('markers', () => {
    const line = (prefix: string) => `${prefix}h ${ed.type} ${ed.base64}`;
    it('knows @revoked and @cert-authority, spelt exactly, one a line, ending at the first space', () => {
      assert.strictEqual(matchLine(line('@revoked '), 'h')?.marker, 'revoked');
      assert.strictEqual(matchLine(line('\t @cert-authority \t '), 'h')?.marker, 'cert-authority');
      assert.ok(matchLine(line(''), 'h') && matchLine(line(''), 'h')?.marker === undefined);
      for (const bad of ['@Revoked ', '@trusted ', '@ ', '@revoked @revoked ', '@revoked\t', '@cert-authority\t ', `@${'x'.repeat(31)} `]) {
        assert.strictEqual(matchLine(line(bad), 'h'), undefined, JSON.stringify(bad));
      }
    });
  });

  describe('keys', () => {
    it('reads the key ssh-keygen made, and its certificate as the same public key but not the same key', () => {
      const key = parsePublicKeyBlob(ed.blob);
      assert.strictEqual(key?.type, 'ssh-ed25519');
      const ca = path.join(world.root, 'ca');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', ca]);
      execFileSync('ssh-keygen', ['-q', '-s', ca, '-h', '-I', 'id', '-n', 'h', `${ed.file}.pub`], { stdio: 'ignore' });
      const cert = parsePublicKeyBlob(Buffer.from(readFileSync(`${ed.file}-cert.pub`, 'utf8').split(' ')[1], 'base64'));
      assert.strictEqual(cert?.type, 'ssh-ed25519-cert-v01@openssh.com');
      assert.strictEqual(cert?.plainType, 'ssh-ed25519');
      assert.ok(key && cert && samePublicKey(key, cert));
      assert.ok(key && cert && !sameKey(key, cert));
    });

    it('refuses a blob cut short, with a byte too many, or an unknown type', () => {
      assert.strictEqual(parsePublicKeyBlob(ed.blob.subarray(0, ed.blob.length - 1)), undefined);
      assert.strictEqual(parsePublicKeyBlob(Buffer.concat([ed.blob, Buffer.from([0])])), undefined);
      assert.strictEqual(parsePublicKeyBlob(sshString('ssh-foo', Buffer.alloc(32))), undefined);
      assert.strictEqual(parsePublicKeyBlob(sshString('ssh-ed25519', Buffer.alloc(31))), undefined);
    });

    it('refuses an ECDSA point off its curve, or on another curve', () => {
      const point = Buffer.concat([Buffer.from([4]), Buffer.alloc(32, 1), Buffer.alloc(32, 2)]);
      assert.strictEqual(parsePublicKeyBlob(sshString('ecdsa-sha2-nistp256', 'nistp256', point)), undefined);
      assert.strictEqual(parsePublicKeyBlob(sshString('ecdsa-sha2-nistp256', 'nistp384', point)), undefined);
    });

    it('refuses an RSA modulus under 1024 bits and a negative number', () => {
      const e = Buffer.from([1, 0, 1]);
      const small = Buffer.concat([Buffer.from([0x7f]), Buffer.alloc(126, 0xff)]);
      assert.strictEqual(parsePublicKeyBlob(sshString('ssh-rsa', e, small)), undefined);
      const big = Buffer.concat([Buffer.from([0]), Buffer.alloc(128, 0xff)]);
      assert.strictEqual(parsePublicKeyBlob(sshString('ssh-rsa', e, big))?.type, 'ssh-rsa');
      assert.strictEqual(parsePublicKeyBlob(sshString('ssh-rsa', e, big.subarray(1))), undefined, 'high bit set: negative');
    });

    it('reads a line’s key only when its type fits the blob (RSA under its signature names too)', () => {
      assert.ok(matchLine(`h ssh-ed25519 ${ed.base64} comment`, 'h'));
      assert.strictEqual(matchLine(`h ssh-rsa ${ed.base64}`, 'h'), undefined);
      assert.strictEqual(matchLine(`h rsa-sha2-512 ${ed.base64}`, 'h'), undefined);
      assert.strictEqual(matchLine(`h ssh-ed25519 ${ed.base64.slice(0, 40)}`, 'h'), undefined);
      assert.strictEqual(matchLine(`h ssh-ed25519`, 'h'), undefined);
      assert.strictEqual(matchLine(`h ssh-ed25519 \0${ed.base64}`, 'h'), undefined);
    });
  });
});
