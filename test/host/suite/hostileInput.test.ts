import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import { TlsFixtures, createTlsFixtures } from '../../rig/tlsFixtures';
import { folderSnapshot } from '../../support/folderSnapshot';
import { docker, dockerConfig, resetStore, scratchFolder, testStore } from './hostWorld';

/**
 * Hostile input where a person meets it, through the commands: each ends in a message that names
 * the person's file and says what to do, the store byte for byte as it was, and nothing blocking
 * the extension host.
 */
describe('Hostile input through the commands', function () {
  this.timeout(60000);
  let tls: TlsFixtures;
  let other: TlsFixtures;
  const scratch = scratchFolder('hostile');
  before(async () => {
    tls = await createTlsFixtures(path.join(scratch.path, 'tls'));
    other = await createTlsFixtures(path.join(scratch.path, 'other'));
  });
  beforeEach(resetStore);

  const storeBytes = () => folderSnapshot(dockerConfig());
  const refusal = async (id: string, arg: unknown): Promise<string> => {
    try {
      await vscode.commands.executeCommand(id, arg);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    assert.fail(`${id} accepted ${JSON.stringify(arg)}`);
  };

  it('createTlsContext with test: true names a key that belongs to another certificate, before any ping, and writes nothing', async () => {
    const before = storeBytes();
    const message = await refusal(Commands.createTlsContext, { name: 'mismatched', host: 'tcp://127.0.0.1:1', ca: tls.ca, cert: tls.cert, key: other.key, test: true });
    assert.ok(message.includes(other.key), message);
    assert.doesNotMatch(message, /key values mismatch|error:[0-9A-F]{8}|did not answer/);
    assert.deepStrictEqual(storeBytes(), before);
  });

  it('createTlsContext refuses a named pipe given as the CA at once, naming it', async () => {
    const fifo = path.join(scratch.path, 'ca-pipe.pem');
    execFileSync('mkfifo', [fifo]);
    const before = storeBytes();
    const message = await refusal(Commands.createTlsContext, { name: 'piped', host: 'tcp://127.0.0.1:2376', ca: fifo, cert: tls.cert, key: tls.key });
    assert.ok(message.includes(fifo) && /named pipe/.test(message), message);
    assert.deepStrictEqual(storeBytes(), before);
  });

  it('importContext refuses a tar cut short inside a key file, and the docker CLI still lists the store', async () => {
    await vscode.commands.executeCommand(Commands.createTlsContext, { name: 'to-export', host: 'tcp://127.0.0.1:2376', certDir: tls.dir });
    const file = path.join(scratch.path, 'whole.tar');
    await vscode.commands.executeCommand(Commands.exportContext, { name: 'to-export', file });
    const whole = readFileSync(file);
    const cut = path.join(scratch.path, 'cut.tar');
    // Past meta.json's header and data, into the TLS files.
    writeFileSync(cut, whole.subarray(0, 2048 + 600));
    const before = storeBytes();
    const message = await refusal(Commands.importContext, { file: cut, name: 'from-cut' });
    assert.ok(message.includes(cut), message);
    assert.deepStrictEqual(storeBytes(), before);
    assert.ok(!testStore().exists('from-cut'));
    assert.match(await docker('context', 'ls', '--format', '{{.Name}}'), /to-export/);
  });
});
