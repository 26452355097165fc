import * as assert from 'assert';
import { readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { isContextError } from '../../../src/core/errors';
import { writeCertificateSet } from '../../../src/core/certs/certificateSetWriter';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

describe('writing a set of files a person placed', () => {
  let world: TempWorld;
  beforeEach(() => (world = createTempWorld()));
  afterEach(() => world.dispose());

  it('says that the chosen folder is a file, naming it rather than a staging folder, and leaves nothing', async () => {
    const notAFolder = path.join(world.root, 'certs');
    writeFileSync(notAFolder, 'a file where a folder was meant');
    const files = ['ca.pem', 'key.pem'].map((f) => ({ path: path.join(notAFolder, f), data: 'x', mode: 0o600 }));
    await assert.rejects(
      writeCertificateSet(files, { dirMode: 0o700 }),
      (e: unknown) => isContextError(e, 'cannot-write') && e.message.includes(notAFolder) && /is a file, not a folder/.test(e.message) && !/staging|ENOTDIR/.test(e.message),
    );
    assert.deepStrictEqual(readdirSync(world.root).sort(), ['certs', 'home']);
  });
});
