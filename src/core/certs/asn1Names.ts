import { isIPv4, isIPv6 } from 'net';

/** ASN.1 universal tags of the two string types a name is written in. */
export const ASN1_UTF8_STRING = 12;
export const ASN1_PRINTABLE_STRING = 19;

/** X.680's PrintableString alphabet: letters, digits, space and ' ( ) + , - . / : = ? — nothing else. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/**
 * The string type a name attribute is written in, as Go's crypto/x509 and OpenSSL choose it:
 * PrintableString only when every character is in its alphabet, UTF8String otherwise (an `_`,
 * an `@`, an `*` or any non-ASCII letter). A PrintableString holding anything else is invalid
 * DER, and the docker CLI refuses such a certificate.
 */
export function nameStringType(value: string): typeof ASN1_UTF8_STRING | typeof ASN1_PRINTABLE_STRING {
  return PRINTABLE.test(value) ? ASN1_PRINTABLE_STRING : ASN1_UTF8_STRING;
}

/**
 * The 4 or 16 bytes of an IP address as a subjectAltName carries them (RFC 5280 4.2.1.6), or
 * undefined when `ip` is not a plain address: a zone (`fe80::1%eth0`) has no place in a
 * certificate.
 */
export function ipAddressBytes(ip: string): Buffer | undefined {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (!isIPv6(ip) || ip.includes('%')) return undefined;
  // An IPv4 tail (::ffff:192.0.2.1) is the last two groups.
  const text = ip.replace(/:(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) => {
    const hex = (x: string, y: string) => ((Number(x) << 8) | Number(y)).toString(16);
    return `:${hex(a, b)}:${hex(c, d)}`;
  });
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const halves = text.split('::');
  const head = groups(halves[0]);
  const rest = halves.length > 1 ? groups(halves[1]) : [];
  const all = halves.length > 1 ? [...head, ...Array<number>(8 - head.length - rest.length).fill(0), ...rest] : head;
  if (all.length !== 8) return undefined;
  const bytes = Buffer.alloc(16);
  all.forEach((g, i) => bytes.writeUInt16BE(g, i * 2));
  return bytes;
}
