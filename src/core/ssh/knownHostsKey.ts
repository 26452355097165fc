import { createPublicKey } from 'crypto';

/**
 * A public key read from its SSH wire form (RFC 4253 section 6.6) and checked as OpenSSH checks
 * the keys it reads from known_hosts: a line whose key OpenSSH would not load is no entry at all.
 */
export interface SshPublicKey {
  /** The type inside the blob, e.g. `ssh-ed25519` or `ssh-ed25519-cert-v01@openssh.com`. */
  readonly type: string;
  /** The type without its certificate: `ssh-ed25519` for both of the above. */
  readonly plainType: string;
  /** The public fields, numbers without their leading zeros, for comparing keys. */
  readonly material: string;
  readonly blob: Buffer;
}

const CERT_SUFFIX = '-cert-v01@openssh.com';

/** The plain key types OpenSSH 9 loads, with how to read each one's public fields. */
const PLAIN_TYPES: Readonly<Record<string, (r: BlobReader, type: string) => Buffer[]>> = {
  'ssh-ed25519': (r) => [ed25519Point(r)],
  'sk-ssh-ed25519@openssh.com': (r) => [ed25519Point(r), r.string()],
  'ecdsa-sha2-nistp256': ecdsaFields,
  'ecdsa-sha2-nistp384': ecdsaFields,
  'ecdsa-sha2-nistp521': ecdsaFields,
  'sk-ecdsa-sha2-nistp256@openssh.com': (r, type) => [...ecdsaFields(r, type), r.string()],
  'ssh-rsa': rsaFields,
  'ssh-dss': (r) => [r.mpint(), r.mpint(), r.mpint(), r.mpint()],
};

/**
 * The key type a known_hosts line may name for a blob of type `blobType`: the blob's own, or
 * for RSA keys one of the signature names OpenSSH accepts there (`rsa-sha2-512`).
 */
export function lineTypeFits(lineType: string, blobType: string): boolean {
  if (lineType === blobType) return true;
  const plain = blobType.endsWith(CERT_SUFFIX) ? blobType.slice(0, -CERT_SUFFIX.length) : blobType;
  const suffix = blobType.endsWith(CERT_SUFFIX) ? CERT_SUFFIX : '';
  return plain === 'ssh-rsa' && (lineType === `rsa-sha2-256${suffix}` || lineType === `rsa-sha2-512${suffix}`);
}

/** Whether OpenSSH knows `name` as a key type (a plain key, a certificate, or an RSA signature name). */
export function isKnownKeyTypeName(name: string): boolean {
  const plain = name.endsWith(CERT_SUFFIX) ? name.slice(0, -CERT_SUFFIX.length) : name;
  return plain in PLAIN_TYPES || plain === 'rsa-sha2-256' || plain === 'rsa-sha2-512';
}

/** Reads a key blob, or undefined when OpenSSH would refuse it (unknown type, bad field, bytes left over). */
export function parsePublicKeyBlob(blob: Buffer): SshPublicKey | undefined {
  try {
    const r = new BlobReader(blob);
    const type = r.string().toString('latin1');
    const cert = type.endsWith(CERT_SUFFIX);
    const plainType = cert ? type.slice(0, -CERT_SUFFIX.length) : type;
    const read = Object.prototype.hasOwnProperty.call(PLAIN_TYPES, plainType) ? PLAIN_TYPES[plainType] : undefined;
    if (!read) return undefined;
    if (cert) r.string(); // the nonce
    const fields = read(r, plainType);
    if (cert) readCertificateBody(r);
    if (!r.atEnd()) return undefined;
    return { type, plainType, material: fields.map((f) => f.toString('hex')).join(':'), blob };
  } catch {
    return undefined;
  }
}

/** OpenSSH's `sshkey_equal`: the same type (a certificate is not its key) and the same key. */
export function sameKey(a: SshPublicKey, b: SshPublicKey): boolean {
  if (a.type !== b.type) return false;
  return a.type.endsWith(CERT_SUFFIX) ? a.blob.equals(b.blob) : a.material === b.material;
}

/** OpenSSH's `sshkey_equal_public`: the same key, whether or not either is a certificate. */
export function samePublicKey(a: SshPublicKey, b: SshPublicKey): boolean {
  return a.plainType === b.plainType && a.material === b.material;
}

function ed25519Point(r: BlobReader): Buffer {
  const pk = r.string();
  if (pk.length !== 32) throw new Error('an Ed25519 key is 32 bytes');
  return pk;
}

const CURVES: Readonly<Record<string, { name: string; jwk: string; size: number }>> = {
  'ecdsa-sha2-nistp256': { name: 'nistp256', jwk: 'P-256', size: 32 },
  'sk-ecdsa-sha2-nistp256@openssh.com': { name: 'nistp256', jwk: 'P-256', size: 32 },
  'ecdsa-sha2-nistp384': { name: 'nistp384', jwk: 'P-384', size: 48 },
  'ecdsa-sha2-nistp521': { name: 'nistp521', jwk: 'P-521', size: 66 },
};

/** The curve's name (which must be the type's) and a point that lies on that curve. */
function ecdsaFields(r: BlobReader, type: string): Buffer[] {
  const curve = CURVES[type];
  const name = r.string().toString('latin1');
  if (name !== curve.name) throw new Error('the curve does not match the type');
  const q = r.string();
  if (q.length !== 1 + 2 * curve.size || q[0] !== 0x04) throw new Error('not an uncompressed point');
  const x = q.subarray(1, 1 + curve.size);
  const y = q.subarray(1 + curve.size);
  // Node refuses a point off the curve, as OpenSSH's sshkey_ec_validate_public does.
  createPublicKey({ key: { kty: 'EC', crv: curve.jwk, x: x.toString('base64url'), y: y.toString('base64url') }, format: 'jwk' });
  return [Buffer.from(name, 'latin1'), q];
}

/** OpenSSH refuses RSA moduli under 1024 bits. */
function rsaFields(r: BlobReader): Buffer[] {
  const e = r.mpint();
  const n = r.mpint();
  if (bitLength(n) < 1024) throw new Error('RSA modulus too small');
  return [e, n];
}

/** Everything after a certificate's key: serial, type, id, principals, validity, options, extensions, reserved, signer, signature. */
function readCertificateBody(r: BlobReader): void {
  r.skip(8 + 4);
  for (let i = 0; i < 2; i++) r.string();
  r.skip(16);
  for (let i = 0; i < 5; i++) r.string();
}

function bitLength(n: Buffer): number {
  if (n.length === 0) return 0;
  return (n.length - 1) * 8 + (32 - Math.clz32(n[0]));
}

/** The SSH wire format's strings and numbers, each read or thrown for. */
class BlobReader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  string(): Buffer {
    if (this.offset + 4 > this.buf.length) throw new Error('truncated');
    const len = this.buf.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (start + len > this.buf.length) throw new Error('truncated');
    this.offset = start + len;
    return this.buf.subarray(start, start + len);
  }

  /** A positive multiple-precision number (at most 16384 bits, as OpenSSH allows), without leading zeros. */
  mpint(): Buffer {
    const raw = this.string();
    if (raw.length > 0 && raw[0] & 0x80) throw new Error('negative number');
    if (raw.length > 2049 || (raw.length === 2049 && raw[0] !== 0)) throw new Error('number too large');
    let i = 0;
    while (i < raw.length && raw[i] === 0) i++;
    return raw.subarray(i);
  }

  skip(bytes: number): void {
    if (this.offset + bytes > this.buf.length) throw new Error('truncated');
    this.offset += bytes;
  }

  atEnd(): boolean {
    return this.offset === this.buf.length;
  }
}
