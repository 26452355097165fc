import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, SecureEngineOutcome } from '../../../src/constants/commands';
import type { PingResult } from '../../../src/core/ping/pingTypes';
import { freePort } from '../../rig/ports';
import { SystemEngine, startSystemEngine } from '../../rig/systemEngine';
import { sshHomeDefaults } from '../../support/sshHome';
import { contextMeta, docker, resetStore, testStore, waitForSnapshot } from './hostWorld';
import { internals } from './internals';

/**
 * The one command that turns an SSH context's engine into a TLS engine, in the real extension
 * host, with its argument form (no prompt): the system's dockerd, run by /etc/init.d/docker and
 * reached through sshd as a user with sudo, becomes a TLS engine the docker CLI uses; the row of
 * the new context offers the rotation, and shows the engine certificate's end.
 */
describe('Secure Engine with TLS (argument form)', function () {
  this.timeout(240000);
  const home = process.env.HOME!;
  const configFile = path.join(home, '.ssh', 'config');
  let engine: SystemEngine;
  let previousConfig: Buffer | undefined;

  before(async () => {
    engine = await startSystemEngine();
    mkdirSync(path.dirname(configFile), { recursive: true, mode: 0o700 });
    previousConfig = existsSync(configFile) ? readFileSync(configFile) : undefined;
    const block = ['Host engine-box', '  HostName 127.0.0.1', `  Port ${engine.ssh.port}`, `  User ${engine.ssh.user}`, `  IdentityFile ${engine.ssh.keyFile}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${engine.ssh.knownHosts}`, ''];
    writeFileSync(configFile, block.join('\n') + sshHomeDefaults(home), { mode: 0o600 });
    await resetStore();
  });

  after(async () => {
    if (previousConfig === undefined) rmSync(configFile, { force: true });
    else writeFileSync(configFile, previousConfig, { mode: 0o600 });
    (await internals()).pings.closeConnections();
    await resetStore();
    await engine?.stop();
  });

  it('secures the engine of an SSH context: the TLS context works for the docker CLI, and its row shows the engine certificate’s end', async () => {
    const a = await internals();
    await testStore().write(contextMeta('engine-box', 'ssh://engine-box'));
    await a.model.refresh();
    const port = await freePort();
    const dry = await vscode.commands.executeCommand<SecureEngineOutcome>(Commands.secureEngine, { ssh: 'engine-box', name: 'engine-box-tls', port, dryRun: true });
    assert.strictEqual(dry.restarted, false);
    assert.strictEqual(readFileSync('/etc/docker/daemon.json', 'utf8'), engine.daemonJsonText, 'a dry run changes nothing');

    const secured = await vscode.commands.executeCommand<SecureEngineOutcome>(Commands.secureEngine, { ssh: 'engine-box', name: 'engine-box-tls', port, keySize: 2048, sudoPassword: engine.sudoPassword });
    assert.strictEqual(secured.context, 'engine-box-tls');
    assert.match(await docker('--context', 'engine-box-tls', 'version', '--format', '{{.Server.Version}}'), /^\d+\.\d+/);
    const rows = (await a.view.getChildren()).filter((r) => r.kind === 'context');
    const kinds = new Map(rows.map((r) => [r.kind === 'context' ? r.context.name : '', a.view.getTreeItem(r).contextValue]));
    assert.strictEqual(kinds.get('engine-box'), 'context.ssh', 'SSH rows offer Secure Engine');
    assert.strictEqual(kinds.get('engine-box-tls'), 'context.tls', 'TLS rows offer the rotation');
    const log = a.logger.recentLines.join('\n');
    assert.match(log, /plan for engine-box/);
    assert.ok(!log.includes(engine.sudoPassword), 'the sudo password is never in the log');

    // The rotation is proven against the same engine in the integration suite; here the engine's certificate, read from the handshake, shows in the row's hover.
    const ping = await vscode.commands.executeCommand<PingResult>(Commands.ping, { name: 'engine-box-tls' });
    assert.strictEqual(ping.ok, true, JSON.stringify(ping.error));
    const snapshot = await waitForSnapshot(a, (s) => s.expiry['engine-box-tls']?.engine !== undefined);
    const day = snapshot.expiry['engine-box-tls'].engine!.toISOString().slice(0, 10);
    const issued = execFileSync('openssl', ['x509', '-noout', '-enddate', '-dateopt', 'iso_8601', '-in', '/etc/docker/tls/server-cert.pem'], { encoding: 'utf8' });
    assert.ok(issued.includes(day), `${issued} names ${day}`);
    const row = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === 'engine-box-tls')!;
    const tooltip = a.view.getTreeItem(row).tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString && tooltip.value.includes(day), String(tooltip instanceof vscode.MarkdownString ? tooltip.value : tooltip));
  });
});
