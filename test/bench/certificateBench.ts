import * as path from 'path';
import { generateCertificates } from '../../src/core/certs/generateCertificates';
import { createTempWorld } from '../support/tempWorld';
import { BenchRow } from './benchRow';
import { median, row, run } from './measure';

/**
 * The full certificate set with 4096-bit keys (CA key encrypted) against the openssl recipe
 * of Docker's guide run as a script, alternating, in one run.
 */
export async function certificateBenchmarks(runs = 3): Promise<BenchRow[]> {
  const world = createTempWorld('drc-bench-certs-');
  try {
    let i = 0;
    const ours = await median(runs, () =>
      generateCertificates(
        { hostnames: ['docker.example.com'], ips: ['127.0.0.1'], days: 365, keySize: 4096, clientName: 'client', caPassphrase: 'bench passphrase' },
        { placement: { kind: 'folder', dir: path.join(world.root, `ours-${i++}`) } },
      ),
    );
    let j = 0;
    const recipe = path.join(__dirname, '..', '..', '..', 'test', 'bench', 'opensslRecipe.sh');
    const openssl = await median(runs, () => run('bash', [recipe, path.join(world.root, `openssl-${j++}`), 'docker.example.com', 'bench passphrase']));
    return [row('certificate set, 4096-bit keys', ours, openssl, "openssl recipe of Docker's guide")];
  } finally {
    world.dispose();
  }
}
