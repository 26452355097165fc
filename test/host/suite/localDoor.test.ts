import * as assert from 'assert';
import { ChildProcess, execFile, spawn } from 'child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import * as vscode from 'vscode';
import { Commands, ExposedEngine } from '../../../src/constants/commands';
import { DoorService } from '../../../src/door/doorService';
import { sshHomeDefaults } from '../../support/sshHome';
import { waitUntil } from '../../support/waitUntil';
import { hostRig } from './hostRig';
import { contextMeta, dockerConfig, resetStore, testStore, waitForSnapshot } from './hostWorld';
import { internals } from './internals';

const run = promisify(execFile);

/** The docker CLI of a terminal that has only `host`: no DOCKER_* variable of the runner's. */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: dockerConfig() };
  for (const key of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete env[key];
  return env;
}

const socketOf = (endpoint: string) => endpoint.replace(/^unix:\/\//, '');
const alive = (pid: number) => existsSync(`/proc/${pid}`);

/**
 * A local door to an engine from the editor, with the commands' argument forms: the docker CLI
 * goes through the socket, the status bar and the row say so, and stopping, removing the context
 * or disposing the doors closes it and leaves no socket and no ssh process behind.
 */
describe('Local door from the editor (exposeLocally, stopExposing)', function () {
  this.timeout(120000);
  const home = process.env.HOME!;
  const configFile = path.join(home, '.ssh', 'config');
  let previousConfig: Buffer | undefined;
  let events: ChildProcess | undefined;

  before(async () => {
    const { ssh } = hostRig();
    mkdirSync(path.dirname(configFile), { recursive: true, mode: 0o700 });
    previousConfig = existsSync(configFile) ? readFileSync(configFile) : undefined;
    const block = ['Host door-rig', '  HostName 127.0.0.1', `  Port ${ssh.port}`, `  User ${ssh.user}`, `  IdentityFile ${ssh.keyFile}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${ssh.knownHosts}`, ''];
    writeFileSync(configFile, block.join('\n') + sshHomeDefaults(home), { mode: 0o600 });
    await vscode.workspace.getConfiguration('dockerContexts').update('pingOnOpen', false, vscode.ConfigurationTarget.Global);
    // Connections other suites kept would count as this suite's ssh processes.
    (await internals()).pings.closeConnections();
  });
  beforeEach(resetStore);
  afterEach(async () => {
    events?.kill();
    events = undefined;
    const a = await internals();
    for (const d of a.doors.list()) await a.doors.stop(d.name);
  });
  after(async () => {
    if (previousConfig === undefined) rmSync(configFile, { force: true });
    else writeFileSync(configFile, previousConfig, { mode: 0o600 });
    await vscode.workspace.getConfiguration('dockerContexts').update('pingOnOpen', undefined, vscode.ConfigurationTarget.Global);
    (await internals()).pings.closeConnections();
    await resetStore();
  });

  it('exposes an SSH context’s engine at a socket the docker CLI uses; the status bar and the row show it; stopExposing removes the socket and ends every ssh process', async () => {
    const a = await internals();
    await testStore().write(contextMeta('door-ssh', 'ssh://door-rig'));
    await a.model.refresh();
    const exposed = await vscode.commands.executeCommand<ExposedEngine>(Commands.exposeLocally, { name: 'door-ssh' });
    assert.strictEqual(exposed.name, 'door-ssh');
    assert.match(exposed.endpoint, /^unix:\/\/.+\/docker\.sock$/);
    const { stdout } = await run('docker', ['--host', exposed.endpoint, 'version', '--format', '{{.Server.APIVersion}}'], { env: cliEnv() });
    assert.match(stdout.trim(), /^\d+\.\d+$/);
    assert.deepStrictEqual(await vscode.commands.executeCommand<ExposedEngine>(Commands.exposeLocally, 'door-ssh'), exposed, 'a second call gives the open door');

    assert.strictEqual(a.doorStatusBar.item.text, '$(plug) door: door-ssh');
    assert.ok(a.doorStatusBar.item.tooltip instanceof vscode.MarkdownString && a.doorStatusBar.item.tooltip.value.includes(exposed.endpoint));
    const row = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === 'door-ssh')!;
    assert.match(String(a.view.getTreeItem(row).description), /^exposed — /);

    // A stream that lasts: its ssh process runs until the door closes.
    events = spawn('docker', ['--host', exposed.endpoint, 'events'], { env: cliEnv(), stdio: 'ignore' });
    const ended = new Promise((r) => events!.once('exit', r));
    const pids = await waitUntil('the events stream’s ssh process', () => (a.pings.sshProcessIds.length > 0 ? a.pings.sshProcessIds : undefined), {
      describe: () => `${a.doors.get('door-ssh')?.connections ?? '?'} connections`,
    });
    assert.strictEqual(await vscode.commands.executeCommand<boolean>(Commands.stopExposing, { name: 'door-ssh' }), true);
    assert.ok(!existsSync(socketOf(exposed.endpoint)) && !existsSync(path.dirname(socketOf(exposed.endpoint))), 'the socket and its folder are gone');
    await ended;
    await waitUntil('no ssh process to remain', () => a.pings.sshProcessIds.length === 0 && !pids.some(alive), {
      describe: () => JSON.stringify({ known: a.pings.sshProcessIds, running: pids.filter(alive) }),
    });
    assert.deepStrictEqual(a.doors.list(), []);
    assert.strictEqual(await vscode.commands.executeCommand<boolean>(Commands.stopExposing, 'door-ssh'), false, 'nothing left to stop');
  });

  it('exposes a TLS context’s engine: the door does the mutual TLS, and the docker CLI uses it without any certificate', async () => {
    const a = await internals();
    const rig = hostRig();
    await vscode.commands.executeCommand(Commands.createTlsContext, { name: 'door-tls', host: rig.tlsHost, ca: rig.tls.ca, cert: rig.tls.cert, key: rig.tls.key });
    await a.model.refresh();
    const exposed = await vscode.commands.executeCommand<ExposedEngine>(Commands.exposeLocally, { name: 'door-tls' });
    const { stdout } = await run('docker', ['--host', exposed.endpoint, 'version', '--format', '{{.Server.APIVersion}}'], { env: cliEnv() });
    assert.match(stdout.trim(), /^\d+\.\d+$/);
    assert.strictEqual(await vscode.commands.executeCommand<boolean>(Commands.stopExposing, 'door-tls'), true);
    assert.ok(!existsSync(socketOf(exposed.endpoint)));
  });

  it('a terminal through the door: DOCKER_HOST is the door, DOCKER_CONTEXT and the TLS variables unset', async () => {
    const a = await internals();
    await testStore().write(contextMeta('door-local', hostRig().unixHost));
    await a.model.refresh();
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.openExposedTerminal, 'door-local')), /is not exposed locally/);
    const exposed = await vscode.commands.executeCommand<ExposedEngine>(Commands.exposeLocally, { name: 'door-local' });
    const name = await vscode.commands.executeCommand<string>(Commands.openExposedTerminal, { name: 'door-local' });
    const terminal = vscode.window.terminals.find((t) => t.name === name)!;
    try {
      const env = (terminal.creationOptions as vscode.TerminalOptions).env;
      assert.deepStrictEqual(env, { DOCKER_HOST: exposed.endpoint, DOCKER_CONTEXT: null, DOCKER_TLS_VERIFY: null, DOCKER_CERT_PATH: null });
    } finally {
      terminal.dispose();
    }
  });

  it('removing the context closes its door; disposing the doors (deactivation) removes their sockets', async () => {
    const a = await internals();
    await testStore().write(contextMeta('door-gone', hostRig().unixHost));
    await a.model.refresh();
    const exposed = await vscode.commands.executeCommand<ExposedEngine>(Commands.exposeLocally, { name: 'door-gone' });
    await vscode.commands.executeCommand(Commands.remove, { name: 'door-gone' });
    await waitForSnapshot(a, (s) => !s.listing.contexts.some((c) => c.name === 'door-gone'));
    await waitUntil('the door of the removed context to close', () => a.doors.list().length === 0 && !existsSync(socketOf(exposed.endpoint)));

    await testStore().write(contextMeta('door-kept', hostRig().unixHost));
    const snapshot = await a.model.refresh();
    const doors = new DoorService(a.model, a.pings, a.logger);
    const door = await doors.open(snapshot.listing.contexts.find((c) => c.name === 'door-kept')!, undefined, {});
    assert.ok(existsSync(socketOf(door.endpoint)));
    doors.dispose();
    assert.ok(!existsSync(socketOf(door.endpoint)) && !existsSync(path.dirname(socketOf(door.endpoint))), 'gone as soon as the doors are disposed');
  });

  it('refuses socketPath and port together, and a port out of range, naming the field', async () => {
    await testStore().write(contextMeta('door-args', hostRig().unixHost));
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.exposeLocally, { name: 'door-args', socketPath: '/tmp/x.sock', port: 2375 })), /exposeLocally: give socketPath or port, not both/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.exposeLocally, { name: 'door-args', port: 70000 })), /port must be a whole number from 0 to 65535/);
    assert.deepStrictEqual((await internals()).doors.list(), []);
  });
});
