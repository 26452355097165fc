import * as assert from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import type { PingResult } from '../../../src/core/ping/pingTypes';
import { SshServer, startSshServer } from '../../rig/sshServer';
import { sshHomeDefaults } from '../../support/sshHome';
import { waitUntil } from '../../support/waitUntil';
import { hostRig } from './hostRig';
import { contextMeta, resetStore, testStore } from './hostWorld';
import { internals } from './internals';

/** The ssh processes under this extension host that carry an engine connection. */
function dialStdioProcesses(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (ppid === process.pid && /(^|\/)ssh$/.test(cmd[0]) && cmd.includes('dial-stdio')) found.push(Number(entry));
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

/**
 * The SSH setups people use, each pinged the way another extension or a task would: the command
 * with an argument (asking nobody), through the default client, which is OpenSSH here. The
 * settings ssh applies come from the test home's ~/.ssh/config.
 */
describe('SSH setups through the default client, pinged by the command’s argument form', function () {
  this.timeout(120000);
  const home = process.env.HOME!;
  const sshDir = path.join(home, '.ssh');
  const scratch = path.join(home, 'ssh-setups');
  let agent: ChildProcess | undefined;
  let savedAuthSock: string | undefined;
  let sshdDir: string | undefined;
  let certified: SshServer | undefined;
  const agentSocket = path.join(scratch, 'vault-agent.sock');

  let previousConfig: Buffer | undefined;
  before(async () => {
    assert.notStrictEqual(path.resolve(home), os.userInfo().homedir, 'the host tests never use the real ~/.ssh');
    mkdirSync(sshDir, { recursive: true, mode: 0o700 });
    mkdirSync(scratch, { recursive: true, mode: 0o700 });
    const rig = hostRig();
    const { ssh } = rig;
    // An agent at a socket of the config's own choosing, holding the rig's key.
    agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
    await waitUntil('the agent’s socket', () => existsSync(agentSocket));
    execFileSync('ssh-add', [ssh.keyFile], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: 'ignore' });
    // A second sshd that trusts a user CA: the certified key is in no authorized_keys.
    const ca = path.join(scratch, 'user_ca');
    const certifiedKey = path.join(scratch, 'id_certified');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', ca]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', certifiedKey]);
    execFileSync('ssh-keygen', ['-q', '-s', ca, '-I', 'host suite user', '-n', ssh.user, '-V', '-5m:+1h', `${certifiedKey}.pub`]);
    // sshd reads authorized_keys as the test user: its folder must be outside the 0700 test world.
    sshdDir = mkdtempSync('/tmp/drc-host-sshd-');
    chmodSync(sshdDir, 0o755);
    certified = await startSshServer({ dir: path.join(sshdDir, 'sshd-ca'), dockerHost: rig.unixHost, trustedUserCaKey: `${ca}.pub` });
    // An encrypted key that sshd accepts and no agent holds: asking nobody, ssh cannot open it.
    const lockedKey = path.join(scratch, 'id_locked');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', lockedKey]);
    appendFileSync(certified.authorizedKeys, readFileSync(`${lockedKey}.pub`, 'utf8'));
    const relay = `const s=require('net').connect(%p,'%h');process.stdin.pipe(s).pipe(process.stdout)`;
    // A Host block (or a Match block, with `head`) for an sshd, the rig's unless told.
    const block = (head: string, server: { port: number; user: string; knownHosts: string }, ...extra: string[]) => [head, '  HostName 127.0.0.1', `  Port ${server.port}`, `  User ${server.user}`, `  UserKnownHostsFile ${server.knownHosts}`, ...extra];
    const rigHost = (alias: string, ...extra: string[]) => block(`Host ${alias}`, ssh, ...extra);
    const keyFile = [`  IdentityFile ${ssh.keyFile}`, '  IdentitiesOnly yes'];
    // The agent of the session (SSH_AUTH_SOCK), as the extension host inherits it: the extension
    // reads its environment when it starts its SSH transports, which a change of the idle time does.
    savedAuthSock = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = agentSocket;
    await vscode.workspace.getConfiguration('dockerContexts').update('idleConnectionTimeoutMs', 60001, vscode.ConfigurationTarget.Global);
    const config = [
      ...rigHost('keyfile', ...keyFile),
      ...rigHost('via-agent', `  IdentityFile ${ssh.keyFile}.pub`, '  IdentitiesOnly yes', `  IdentityAgent ${agentSocket}`),
      // No IdentityFile here: only the agent can sign.
      ...rigHost('session-agent'),
      ...rigHost('jumped', ...keyFile, '  ProxyJump keyfile'),
      ...rigHost('bastioned', ...keyFile, `  HostKeyAlias [127.0.0.1]:${ssh.port}`, `  ProxyCommand ${process.execPath} -e "${relay}"`),
      ...block('Host certified', certified, `  IdentityFile ${certifiedKey}`, `  CertificateFile ${certifiedKey}-cert.pub`, '  IdentitiesOnly yes'),
      ...block('Host locked', certified, `  IdentityFile ${lockedKey}`, '  IdentitiesOnly yes'),
      ...block('Match originalhost matched', ssh, ...keyFile),
      sshHomeDefaults(home),
    ];
    const configFile = path.join(sshDir, 'config');
    previousConfig = existsSync(configFile) ? readFileSync(configFile) : undefined;
    writeFileSync(configFile, config.join('\n'), { mode: 0o600 });
    await vscode.workspace.getConfiguration('dockerContexts').update('pingOnOpen', false, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    // Later suites of the same run find the test home's ssh config as it was.
    const configFile = path.join(sshDir, 'config');
    if (previousConfig === undefined) rmSync(configFile, { force: true });
    else writeFileSync(configFile, previousConfig, { mode: 0o600 });
    await vscode.workspace.getConfiguration('dockerContexts').update('pingOnOpen', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('dockerContexts').update('idleConnectionTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
    if (savedAuthSock === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = savedAuthSock;
    agent?.kill();
    await certified?.stop();
    if (sshdDir) rmSync(sshdDir, { recursive: true, force: true });
    await resetStore();
  });

  it('runs OpenSSH by default where a recent one is installed', async () => {
    const choice = await (await internals()).pings.sshClient();
    assert.strictEqual(choice.kind, 'openssh', JSON.stringify(choice));
  });

  const setups: Array<[string, string, () => string]> = [
    ['a key file', 'keyfile', () => 'ssh://keyfile'],
    ['a key held by the session’s agent (SSH_AUTH_SOCK)', 'session-agent', () => 'ssh://session-agent'],
    ['a key held by an agent at a socket the config names (IdentityAgent)', 'via-agent', () => 'ssh://via-agent'],
    ['a ProxyJump chain', 'jumped', () => 'ssh://jumped'],
    ['a ProxyCommand', 'bastioned', () => 'ssh://bastioned'],
    ['a user certificate from a CA that sshd trusts', 'certified', () => 'ssh://certified'],
    ['a Match block', 'matched', () => 'ssh://matched'],
    ['a remote socket path', 'socket-path', () => `ssh://keyfile${hostRig().dockerSocket}`],
  ];
  for (const [what, name, host] of setups) {
    it(`${what}: the engine answers`, async () => {
      const a = await internals();
      await testStore().write(contextMeta(name, host()));
      await a.model.refresh();
      const r = await vscode.commands.executeCommand<PingResult>(Commands.ping, { name });
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      assert.match(r.apiVersion ?? '', /^\d+\.\d+$/);
    });
  }

  it('an encrypted key, asking nobody: the ping says the key needs its passphrase (a person’s ping asks for it)', async () => {
    const a = await internals();
    await testStore().write(contextMeta('locked', 'ssh://locked'));
    await a.model.refresh();
    const r = await vscode.commands.executeCommand<PingResult>(Commands.ping, { name: 'locked' });
    assert.strictEqual(r.ok, false);
    assert.strictEqual(r.error?.kind, 'ssh-passphrase-needed', JSON.stringify(r.error));
    assert.match(r.error.message, /id_locked is encrypted/);
  });

  it('the hover and Inspect say where ssh really connects: the user, host and port of the Match block, as ssh -G resolves them', async () => {
    const a = await internals();
    const { ssh } = hostRig();
    const row = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === 'matched')!;
    const item = a.view.getTreeItem(row);
    assert.strictEqual(item.tooltip, undefined, 'an SSH row’s hover is resolved when it opens');
    const resolved = await a.view.resolveTreeItem(item, row);
    const tooltip = (resolved.tooltip as vscode.MarkdownString).value.replace(/\\/g, '');
    assert.ok(tooltip.includes(`ssh connects to: ${ssh.user}@127.0.0.1:${ssh.port}, as ssh -G resolves it`), tooltip);
    await vscode.commands.executeCommand(Commands.inspect, { name: 'jumped' });
    const doc = vscode.window.activeTextEditor!.document;
    assert.strictEqual(doc.languageId, 'jsonc');
    assert.strictEqual(doc.lineAt(0).text, `// ssh connects to ${ssh.user}@127.0.0.1:${ssh.port} through ${ssh.user}@127.0.0.1:${ssh.port}, as ssh -G resolves it`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('leaves no ssh process behind once its connections are idle', async () => {
    const a = await internals();
    assert.ok(dialStdioProcesses().length > 0, 'the pings above keep their ssh processes for the next one');
    assert.deepStrictEqual(new Set(a.pings.sshProcessIds), new Set(dialStdioProcesses()), 'every ssh process is one the extension knows');
    // A shorter idle timeout closes every kept connection at once; then a ping's process lives 200 ms.
    await vscode.workspace.getConfiguration('dockerContexts').update('idleConnectionTimeoutMs', 200, vscode.ConfigurationTarget.Global);
    await waitUntil('every ssh process to end', () => dialStdioProcesses().length === 0, { timeoutMs: 10000, describe: () => JSON.stringify(dialStdioProcesses()) });
    const r = await vscode.commands.executeCommand<PingResult>(Commands.ping, { name: 'keyfile' });
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    // Gone from the system, and the extension knows it.
    await waitUntil('the idle ssh process to end', () => dialStdioProcesses().length === 0 && a.pings.sshProcessIds.length === 0, {
      timeoutMs: 10000,
      describe: () => JSON.stringify({ system: dialStdioProcesses(), extension: a.pings.sshProcessIds }),
    });
  });
});
