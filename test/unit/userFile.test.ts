import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { promises as fs, mkdirSync, symlinkSync, writeFileSync } from 'fs';
import * as path from 'path';
import { isContextError } from '../../src/core/errors';
import { checkHostKey } from '../../src/core/ssh/knownHosts';
import { readConfigFile, updateConfigKey } from '../../src/core/store/configFile';
import { readUserFile, readUserFileSync } from '../../src/core/userFile';
import { TempWorld, createTempWorld } from '../support/tempWorld';

describe('reading a file a person names', () => {
  let world: TempWorld;
  beforeEach(() => (world = createTempWorld()));
  afterEach(() => world.dispose());

  const options = { what: 'CA certificate', maxBytes: 1024, kind: 'invalid-tls-material' as const };
  const refused = async (file: string, pattern: RegExp) => {
    await assert.rejects(readUserFile(file, options), (e: unknown) => {
      assert.ok(isContextError(e, 'invalid-tls-material'), String(e));
      assert.ok(e.message.includes(file), `names the file: ${e.message}`);
      assert.match(e.message, pattern);
      return true;
    });
  };

  it('reads a regular file, and one behind a symbolic link', async () => {
    const file = path.join(world.root, 'ca.pem');
    writeFileSync(file, 'pem');
    symlinkSync(file, path.join(world.root, 'link.pem'));
    assert.strictEqual((await readUserFile(file, options)).toString(), 'pem');
    assert.strictEqual((await readUserFile(path.join(world.root, 'link.pem'), options)).toString(), 'pem');
  });

  it('refuses FIFOs without waiting for a writer, and leaves the file system threads free', async () => {
    const fifos = [0, 1, 2, 3, 4, 5].map((i) => path.join(world.root, `fifo${i}`));
    for (const f of fifos) execFileSync('mkfifo', [f]);
    await Promise.all(fifos.map((f) => refused(f, /named pipe/)));
    symlinkSync(fifos[0], path.join(world.root, 'to-fifo.pem'));
    await refused(path.join(world.root, 'to-fifo.pem'), /named pipe/);
    // Four held threads would stall this read for ever.
    assert.ok((await fs.readdir(world.root)).length > 0);
  });

  it('reads the store\'s own files synchronously with the same checks, never blocking on a FIFO', () => {
    const file = path.join(world.root, 'meta.json');
    writeFileSync(file, '{}');
    assert.strictEqual(readUserFileSync(file, options).toString(), '{}');
    const fifo = path.join(world.root, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    assert.throws(() => readUserFileSync(fifo, options), (e: unknown) => isContextError(e, 'invalid-tls-material') && /named pipe/.test(e.message));
    writeFileSync(file, Buffer.alloc(1025, 65));
    assert.throws(() => readUserFileSync(file, options), /larger than 1 KiB/);
  });

  it('refuses folders, devices and missing files, saying what each is', async () => {
    const dir = path.join(world.root, 'certs');
    mkdirSync(dir);
    await refused(dir, /a folder/);
    await refused('/dev/zero', /a device/);
    await refused(path.join(world.root, 'absent.pem'), /does not exist/);
    await refused(path.join(world.root, 'absent', 'x.pem'), /does not exist/);
  });

  it('refuses a file larger than its bound, before and while reading', async () => {
    const big = path.join(world.root, 'big.pem');
    writeFileSync(big, Buffer.alloc(1025, 65));
    await refused(big, /larger than 1 KiB/);
    const exact = path.join(world.root, 'exact.pem');
    writeFileSync(exact, Buffer.alloc(1024, 65));
    assert.strictEqual((await readUserFile(exact, options)).length, 1024);
  });

  it('refuses a path that is not a string', async () => {
    await assert.rejects(readUserFile(42 as unknown as string, options), (e: unknown) => isContextError(e, 'invalid-tls-material'));
    await assert.rejects(readUserFile('a\0b', options), (e: unknown) => isContextError(e, 'invalid-tls-material'));
  });
});

describe('the core reads every file a person may have replaced through the bounded reader', () => {
  let world: TempWorld;
  beforeEach(() => (world = createTempWorld()));
  afterEach(() => world.dispose());

  it('a config.json that is a FIFO is refused at once, naming it, on read and on switch', async () => {
    const file = path.join(world.dockerConfig, 'config.json');
    execFileSync('mkfifo', [file]);
    for (const attempt of [readConfigFile(world.dockerConfig), updateConfigKey(world.dockerConfig, 'currentContext', 'x')]) {
      await assert.rejects(attempt, (e: unknown) => isContextError(e, 'config-unreadable') && e.message.includes(file) && /named pipe/.test(e.message));
    }
  });

  it('a known_hosts that is a FIFO holds no keys, as a file ssh cannot read', async () => {
    const fifo = path.join(world.root, 'known_hosts');
    execFileSync('mkfifo', [fifo]);
    const status = await checkHostKey({ knownHostsFiles: [fifo], globalKnownHostsFiles: [] }, 'h.example', 22, Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIB1gnE6t', 'base64'));
    assert.strictEqual(status.status, 'unknown');
  });
});
