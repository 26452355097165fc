import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readdirSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { completeInterruptedSets } from '../../src/core/certs/certificateSetWriter';
import { generateCertificates } from '../../src/core/certs/generateCertificates';
import { generateRsaKey } from '../../src/core/certs/keyPool';
import { TempWorld, createTempWorld } from '../support/tempWorld';
import { killAtRandomMoments } from './killAtRandom';

const SET = ['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem'];

function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The public key a certificate or a private key holds, in PEM. */
function publicKeyOf(file: string, kind: 'cert' | 'key'): string {
  return kind === 'cert' ? openssl('x509', '-in', file, '-noout', '-pubkey') : openssl('pkey', '-in', file, '-pubout');
}

/** Throws unless `dir` holds exactly one whole, consistent set with the guide's modes. */
function assertOneConsistentSet(dir: string, context: string): string {
  assert.deepStrictEqual(readdirSync(dir).sort(), SET, `${context}: the folder holds ${readdirSync(dir).join(', ')}`);
  const f = (n: string) => path.join(dir, n);
  assert.match(openssl('verify', '-CAfile', f('ca.pem'), '-purpose', 'sslclient', f('cert.pem')), /: OK/, context);
  assert.match(openssl('verify', '-CAfile', f('ca.pem'), '-purpose', 'sslserver', f('server-cert.pem')), /: OK/, context);
  for (const [cert, key] of [['ca.pem', 'ca-key.pem'], ['cert.pem', 'key.pem'], ['server-cert.pem', 'server-key.pem']]) {
    assert.strictEqual(publicKeyOf(f(cert), 'cert'), publicKeyOf(f(key), 'key'), `${context}: ${key} is not the key of ${cert}`);
  }
  for (const k of ['ca-key.pem', 'key.pem', 'server-key.pem']) assert.strictEqual(statSync(f(k)).mode & 0o777, 0o400, `${context}: ${k}`);
  for (const c of ['ca.pem', 'cert.pem', 'server-cert.pem']) assert.strictEqual(statSync(f(c)).mode & 0o777, 0o444, `${context}: ${c}`);
  assert.strictEqual(statSync(dir).mode & 0o777, 0o700, `${context}: the folder`);
  return openssl('x509', '-in', f('ca.pem'), '-noout', '-serial').trim();
}

describe('generation killed at random moments of an overwrite', function () {
  let world: TempWorld;
  before(() => (world = createTempWorld('drc-faults-gen-')));
  after(() => world.dispose());

  it('leaves after each of 50 kills the whole old set or the whole new one, once the next generation has run', async () => {
    const dir = path.join(world.root, 'certs');
    await generateCertificates({ hostnames: ['docker.example.com'], ips: ['127.0.0.1'], days: 30, keySize: 2048, clientName: 'client' }, { placement: { kind: 'folder', dir } });
    let ca = assertOneConsistentSet(dir, 'the first set');
    // Each run's keys, made once: a run's time then goes to issuing and writing the set.
    const keyFile = path.join(world.root, 'keys.json');
    const keys = await Promise.all([0, 1, 2].map(() => generateRsaKey(2048)));
    writeFileSync(keyFile, JSON.stringify(keys.map((k) => k.export({ type: 'pkcs8', format: 'pem' }).toString())), { mode: 0o600 });
    const seen = { interrupted: 0, replaced: 0, kept: 0 };
    const result = { killed: 0, finished: 0 };
    // Batches until 50 runs were killed before their end (runs that finish first count for nothing).
    while (result.killed < 50) {
      const batch = await killAtRandomMoments({
      script: path.join(__dirname, 'generateOverwriteWorker.js'),
      args: () => [dir, keyFile],
      env: world.processEnv,
      kills: 10,
      afterKill: async (run) => {
        const context = `run ${run.index} (${run.killed ? `killed at ${Math.round(run.delayMs)} ms` : `exit ${run.code}`})`;
        if (!run.killed) assert.strictEqual(run.code, 0, `${context}: ${run.stderr}`);
        if (readdirSync(dir).some((n) => n.startsWith('.certs-'))) seen.interrupted++;
        // What the next generation into this folder does first.
        await completeInterruptedSets([dir]);
        const now = assertOneConsistentSet(dir, context);
        if (now === ca) seen.kept++;
        else seen.replaced++;
        ca = now;
      },
      });
      result.killed += batch.killed;
      result.finished += batch.finished;
    }
    console.log(`      ${result.killed} killed, ${result.finished} finished; ${seen.interrupted} left a write to finish or undo; ${seen.replaced} replaced the set, ${seen.kept} kept it`);
  });
});
