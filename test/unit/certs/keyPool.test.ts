import * as assert from 'assert';
import { KeyPool } from '../../../src/core/certs/keyPool';
import { KeyGenerationCounter, countKeyGeneration } from './keyGenerationCounter';

describe('key pool', function () {
  this.timeout(60000);
  let generated: KeyGenerationCounter;
  beforeEach(() => (generated = countKeyGeneration()));
  afterEach(() => generated.restore());

  it('starts all its keys when it is made, hands out those, and makes one more only when it is empty', async () => {
    const pool = new KeyPool(2048, 3);
    assert.strictEqual(generated.count, 3, 'keys started when the pool was made');
    const keys = await Promise.all([pool.take(), pool.take(), pool.take()]);
    assert.strictEqual(generated.count, 3, 'keys made when taken from a full pool');
    assert.strictEqual(new Set(keys.map((k) => k.export({ type: 'pkcs8', format: 'pem' }))).size, 3);
    for (const k of keys) assert.deepStrictEqual([k.asymmetricKeyType, k.asymmetricKeyDetails?.modulusLength], ['rsa', 2048]);
    const extra = await pool.take();
    assert.strictEqual(generated.count, 4);
    assert.strictEqual(extra.asymmetricKeyDetails?.modulusLength, 2048);
  });
});
