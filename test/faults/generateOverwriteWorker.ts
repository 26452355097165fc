import { KeyObject, createPrivateKey } from 'crypto';
import { readFileSync } from 'fs';
import { generateCertificates } from '../../src/core/certs/generateCertificates';
import { KeyPool } from '../../src/core/certs/keyPool';
import { operationStarts } from './killAtRandom';

/**
 * One overwrite of a certificate set, as its own process for the kill suite:
 * node generateOverwriteWorker.js <folder> <keys.json>. The RSA keys (2048 bits, made once by the
 * suite) come from keys.json, so that the run's time goes to issuing and writing, where kills
 * matter, rather than to key generation. Exits 0 when the new set is in place.
 */
class GivenKeys extends KeyPool {
  constructor(private readonly given: KeyObject[]) {
    super(2048, 0);
  }
  override take(): Promise<KeyObject> {
    return Promise.resolve(this.given.shift()!);
  }
}

const [dir, keyFile] = process.argv.slice(2);
const keys = new GivenKeys((JSON.parse(readFileSync(keyFile, 'utf8')) as string[]).map((pem) => createPrivateKey(pem)));
operationStarts();
generateCertificates({ hostnames: ['docker.example.com'], ips: ['127.0.0.1', '::1'], days: 30, keySize: 2048, clientName: 'client' }, { placement: { kind: 'folder', dir }, overwrite: true, keys }).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  },
);
