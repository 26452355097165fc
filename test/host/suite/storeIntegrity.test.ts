import * as assert from 'assert';
import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import { contextDirName } from '../../../src/core/store/contextName';
import { contextMeta, docker, dockerConfig, resetStore, testStore } from './hostWorld';

describe('Store integrity through the commands', function () {
  this.timeout(60000);
  beforeEach(resetStore);
  after(resetStore);

  it('dockerContexts.use refuses a context whose meta.json is damaged, as docker context use does, and leaves config.json alone', async () => {
    await testStore().write(contextMeta('fine', 'ssh://ops@fine'));
    await vscode.commands.executeCommand(Commands.use, 'fine');
    const dir = path.join(dockerConfig(), 'contexts', 'meta', contextDirName('broken'));
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'meta.json'), '{"Name": "broken", "Endpoints": {"docker": ');
    const file = path.join(dockerConfig(), 'config.json');
    const before = readFileSync(file, 'utf8');
    await assert.rejects(docker('context', 'use', 'broken'), 'the docker CLI refuses it too');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.use, 'broken')), /"broken" is damaged and was not switched to: .*meta\.json is damaged/);
    assert.strictEqual(readFileSync(file, 'utf8'), before);
    assert.strictEqual(await docker('context', 'show'), 'fine');
  });
});
