/**
 * One store operation in its own process, for the fault suite to kill at random moments:
 *   node storeOperation.js create-tls NAME HOST CERT_DIR
 *   node storeOperation.js use NAME
 * The store is the one DOCKER_CONFIG names. Exits 0 when the operation finished.
 */
import { ContextStore } from '../../src/core/store/contextStore';
import { createTlsContext } from '../../src/core/store/newContexts';
import { operationStarts } from './killAtRandom';

async function main(): Promise<void> {
  const [operation, name, host, certDir] = process.argv.slice(2);
  operationStarts();
  const store = new ContextStore({ env: process.env, homeDir: process.env.HOME ?? '', platform: process.platform });
  if (operation === 'create-tls') await createTlsContext(store, { name, host, certDir });
  else if (operation === 'use') await store.use(name);
  else throw new Error(`unknown operation ${operation}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
