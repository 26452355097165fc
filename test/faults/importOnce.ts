/**
 * One import, run as its own process by the fault suite: `node importOnce.js FILE NAME`, with
 * DOCKER_CONFIG in the environment. Exits 0 when the context was imported.
 */
import { importContext } from '../../src/core/archive/importContext';
import { ContextStore } from '../../src/core/store/contextStore';
import { processEnvironment } from '../../src/core/store/dockerConfigDir';
import { operationStarts } from './killAtRandom';

const [file, name] = process.argv.slice(2);
operationStarts();
importContext(new ContextStore(processEnvironment()), file, name).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
