import { KeyObject, generateKeyPair } from 'crypto';

export type RsaKeySize = 2048 | 3072 | 4096;
export const KEY_SIZES: readonly RsaKeySize[] = [4096, 3072, 2048];

/**
 * RSA keys made by Node's native generator, asynchronously and in parallel, so the extension
 * host never blocks. Keys do not depend on any answer but the size, so a wizard starts a pool
 * as soon as it opens; by the time the person has typed the host names, the keys are ready.
 */
export class KeyPool {
  private readonly keys: Promise<KeyObject>[];

  constructor(
    readonly size: RsaKeySize,
    count: number,
  ) {
    this.keys = Array.from({ length: count }, () => generateRsaKey(size));
    // A pool nobody takes from must not turn into an unhandled rejection.
    for (const k of this.keys) k.catch(() => undefined);
  }

  /** The next key, waiting for it if it is not ready yet. */
  take(): Promise<KeyObject> {
    return this.keys.shift() ?? generateRsaKey(this.size);
  }
}

export function generateRsaKey(size: RsaKeySize): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: size, publicExponent: 0x10001 }, (err, _publicKey, privateKey) => (err ? reject(err) : resolve(privateKey)));
  });
}
