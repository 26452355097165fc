import { KeyObject } from 'crypto';
import { KeyPool, generateRsaKey } from '../../../src/core/certs/keyPool';

/**
 * A key pool that hands out the same few 2048-bit keys again and again: key generation is the
 * slow part of issuing a set, and tests about names, files and messages do not need fresh keys.
 */
export class FixedKeyPool extends KeyPool {
  private next = 0;
  private constructor(private readonly fixed: readonly KeyObject[]) {
    super(2048, 0);
  }

  static async make(count = 3): Promise<FixedKeyPool> {
    return new FixedKeyPool(await Promise.all(Array.from({ length: count }, () => generateRsaKey(2048))));
  }

  override take(): Promise<KeyObject> {
    return Promise.resolve(this.fixed[this.next++ % this.fixed.length]);
  }
}
