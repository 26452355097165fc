import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { X509Certificate } from 'crypto';
import { readFileSync } from 'fs';
import * as path from 'path';
import { ASN1_PRINTABLE_STRING, ASN1_UTF8_STRING, nameStringType } from '../../../src/core/certs/asn1Names';
import { CertificateRequest } from '../../../src/core/certs/certificateInputs';
import { generateCertificates } from '../../../src/core/certs/generateCertificates';
import { ArgumentError } from '../../../src/core/validation/schema';
import { TempWorld, createTempWorld } from '../../support/tempWorld';
import { FixedKeyPool } from './fixedKeys';

const request: CertificateRequest = { hostnames: ['docker.example.com'], ips: ['127.0.0.1'], days: 30, keySize: 2048, clientName: 'client' };

/** The ASN.1 string type of the subject's common name, as openssl reads the DER. */
function commonNameType(certFile: string): string {
  const dump = execFileSync('openssl', ['asn1parse', '-in', certFile], { encoding: 'utf8' });
  // The subject is the last name in the certificate; its CN is the last commonName.
  const lines = dump.split('\n');
  const cn = lines.map((l, i) => (/:commonName\s*$/.test(l) ? i : -1)).filter((i) => i >= 0).pop()!;
  return /prim:\s+(\w+)\s+:/.exec(lines[cn + 1])![1];
}

describe('names and addresses in issued certificates', function () {
  this.timeout(60000);
  let world: TempWorld;
  let keys: FixedKeyPool;
  before(async () => (keys = await FixedKeyPool.make()));
  beforeEach(() => (world = createTempWorld()));
  afterEach(() => world.dispose());

  it('writes a client name with _, @ or a non-ASCII letter as a UTF8String, and a plain one as a PrintableString', async () => {
    const cases: [string, string][] = [
      ['build_bot', 'UTF8STRING'],
      ['me@example.com', 'UTF8STRING'],
      ['Zoë', 'UTF8STRING'],
      ['名前', 'UTF8STRING'],
      ['Plain Name (CI) 1', 'PRINTABLESTRING'],
    ];
    for (const [clientName, type] of cases) {
      const dir = path.join(world.root, Buffer.from(clientName).toString('hex'));
      await generateCertificates({ ...request, clientName }, { placement: { kind: 'folder', dir }, keys });
      const file = path.join(dir, 'cert.pem');
      assert.strictEqual(commonNameType(file), type, clientName);
      const cn = (new X509Certificate(readFileSync(file)).toLegacyObject().subject as Record<string, string>).CN;
      assert.strictEqual(cn, clientName);
      assert.match(execFileSync('openssl', ['verify', '-CAfile', path.join(dir, 'ca.pem'), '-purpose', 'sslclient', file], { encoding: 'utf8' }), /: OK/);
    }
  });

  it('chooses the string type as Go and OpenSSL do', () => {
    assert.strictEqual(nameStringType("A-z 0-9 '()+,-./:=?"), ASN1_PRINTABLE_STRING);
    for (const odd of ['a_b', 'a@b', '*.example.com', 'a&b', 'é', 'a!b', 'a"b']) assert.strictEqual(nameStringType(odd), ASN1_UTF8_STRING, odd);
  });

  it('refuses an IPv6 address with a zone, saying what to give instead, and writes nothing', async () => {
    const dir = path.join(world.root, 'zone');
    await assert.rejects(generateCertificates({ ...request, ips: ['fe80::1%eth0'] }, { placement: { kind: 'folder', dir }, keys }), (e: unknown) => {
      assert.ok(e instanceof ArgumentError);
      assert.strictEqual(e.field, 'ips[0]');
      assert.match(e.message, /"fe80::1%eth0" has a zone \(%eth0\).*Give fe80::1 without it/);
      return true;
    });
  });

  it('writes IPv6 addresses (compressed, with an IPv4 tail) as their 16 bytes', async () => {
    const dir = path.join(world.root, 'v6');
    const ips = ['::1', 'fe80::1', '2001:db8::8:800:200c:417a', '::ffff:192.0.2.1', '10.0.0.1'];
    await generateCertificates({ ...request, ips }, { placement: { kind: 'folder', dir }, keys });
    const san = new X509Certificate(readFileSync(path.join(dir, 'server-cert.pem'))).subjectAltName!;
    assert.strictEqual(
      san,
      'DNS:docker.example.com, IP Address:0:0:0:0:0:0:0:1, IP Address:FE80:0:0:0:0:0:0:1, IP Address:2001:DB8:0:0:8:800:200C:417A, IP Address:0:0:0:0:0:FFFF:C000:201, IP Address:10.0.0.1',
    );
  });

  it('refuses a wrong-typed argument with an ArgumentError naming the field, never a TypeError', async () => {
    const placement = { kind: 'folder' as const, dir: path.join(world.root, 'typed') };
    const refusal = async (bad: unknown) => {
      try {
        await generateCertificates(bad as CertificateRequest, { placement, keys });
      } catch (e) {
        assert.ok(e instanceof ArgumentError, String(e));
        return e.field;
      }
      assert.fail('accepted');
    };
    assert.strictEqual(await refusal({ ...request, ips: [null] }), 'ips[0]');
    assert.strictEqual(await refusal({ ...request, hostnames: 'docker.example.com' }), 'hostnames');
    assert.strictEqual(await refusal({ ...request, days: '365' }), 'days');
    assert.strictEqual(await refusal({ ...request, days: 0 }), 'days');
    assert.strictEqual(await refusal({ ...request, clientName: 'a\nb' }), 'clientName');
    assert.strictEqual(await refusal({ ...request, clientName: 'x'.repeat(65) }), 'clientName');
    assert.strictEqual(await refusal(null), '');
    await assert.rejects(generateCertificates(request, { placement, keys, existingCa: 'ca.pem' as never }), ArgumentError);
  });
});
