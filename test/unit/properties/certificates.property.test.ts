import * as assert from 'assert';
import { X509Certificate } from 'crypto';
import * as fc from 'fast-check';
import { ASN1_PRINTABLE_STRING, nameStringType } from '../../../src/core/certs/asn1Names';
import { CertificateRequest } from '../../../src/core/certs/certificateInputs';
import { issueCertificates } from '../../../src/core/certs/issueCertificates';
import { isContextError } from '../../../src/core/errors';
import { forge } from '../../../src/core/lazyModules';
import { ArgumentError } from '../../../src/core/validation/schema';
import { FixedKeyPool } from '../certs/fixedKeys';

/** The common name of a certificate's subject and the ASN.1 tag of its string, read from the DER. */
function subjectCommonName(pem: string): { value: string; tag: number } {
  const f = forge();
  const der = new X509Certificate(pem).raw.toString('binary');
  const tbs = (f.asn1.fromDer(der).value as Array<{ value: unknown }>)[0].value as Array<{ tagClass: number; type: number; value: unknown }>;
  const subject = tbs[(tbs[0].tagClass) === (f.asn1.Class.CONTEXT_SPECIFIC as number) ? 5 : 4];
  for (const rdn of subject.value as Array<{ value: Array<{ value: Array<{ type: number; value: string }> }> }>) {
    const [oid, value] = rdn.value[0].value;
    if (f.asn1.derToOid(oid.value) === '2.5.4.3') return { value: value.type === 12 ? f.util.decodeUtf8(value.value) : value.value, tag: value.type };
  }
  throw new Error('no common name');
}

const punctuation = fc.constantFrom('_', '@', '*', '&', '!', '"', '#', '%', '\\', '/', ',', '+', '=', ' ', '.', '-', "'", '\n', '\u0000', '\u00e9', '\u540d', '\u{1F433}');
const names = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 70 }),
  fc.array(fc.oneof(punctuation, fc.string({ minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 20 }).map((parts) => parts.join('')),
  fc.constant('client'),
);
const ips = fc.oneof(
  { arbitrary: fc.ipV4(), weight: 4 },
  { arbitrary: fc.ipV6(), weight: 4 },
  fc.tuple(fc.ipV6(), fc.constantFrom('eth0', '1', 'en0')).map(([ip, zone]) => `${ip}%${zone}`),
  fc.string({ maxLength: 20 }),
  fc.anything(),
);
const hostnames = fc.oneof({ arbitrary: fc.domain(), weight: 6 }, fc.string({ maxLength: 20 }), fc.constant('*.example.com'), fc.anything());
const anyRequest = fc.record({
  hostnames: fc.oneof({ arbitrary: fc.array(hostnames, { maxLength: 2 }), weight: 9 }, fc.anything()),
  ips: fc.oneof({ arbitrary: fc.array(ips, { maxLength: 2 }), weight: 9 }, fc.anything()),
  days: fc.oneof({ arbitrary: fc.integer({ min: -5, max: 40000 }), weight: 6 }, fc.constantFrom(1, 36500), fc.anything()),
  keySize: fc.oneof({ arbitrary: fc.constant(2048), weight: 9 }, fc.constantFrom(1024, 4097, '2048')),
  clientName: fc.oneof({ arbitrary: names, weight: 9 }, fc.anything()),
});
// Requests the generator should take (a random mix rarely gets every field right): half the runs.
const validRequest = fc.record({
  hostnames: fc.array(fc.domain(), { minLength: 1, maxLength: 2 }),
  ips: fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { maxLength: 2 }),
  days: fc.integer({ min: 1, max: 36500 }),
  keySize: fc.constant(2048),
  clientName: fc.oneof(names, fc.constant('client')),
});
const request = fc.oneof(validRequest, anyRequest);

describe('certificate generation, property-based', function () {
  this.timeout(30000);
  let keys: FixedKeyPool;
  before(async () => (keys = await FixedKeyPool.make()));

  let issued = 0;
  after(() => assert.ok(issued >= 2, `only ${issued} requests were issued: the generators miss the valid ones`));

  it('either refuses with an ArgumentError or ContextError, or issues a set that parses, with each name in the right ASN.1 string type', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let set;
        try {
          set = await issueCertificates(r as unknown as CertificateRequest, () => keys.take());
        } catch (e) {
          assert.ok(e instanceof ArgumentError || isContextError(e), `${String(e)} for ${JSON.stringify(r)}`);
          return;
        }
        issued++;
        const typed = r as unknown as CertificateRequest;
        for (const file of ['ca.pem', 'server-cert.pem', 'cert.pem'] as const) {
          const cert = new X509Certificate(set[file]);
          const cn = subjectCommonName(set[file]);
          assert.strictEqual(cn.tag, nameStringType(cn.value), `${file}: ${JSON.stringify(cn.value)}`);
          if (cn.tag === ASN1_PRINTABLE_STRING) assert.match(cn.value, /^[A-Za-z0-9 '()+,\-./:=?]*$/);
          assert.ok(cert.verify(new X509Certificate(set['ca.pem']).publicKey), file);
        }
        assert.strictEqual(subjectCommonName(set['cert.pem']).value, typed.clientName);
        const san = new X509Certificate(set['server-cert.pem']).subjectAltName ?? '';
        assert.doesNotMatch(san, /invalid/i);
        assert.strictEqual(san.split(', ').filter((s) => s.startsWith('IP Address:')).length, typed.ips.length);
      }),
      { numRuns: 25 },
    );
  });
});
