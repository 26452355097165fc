import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { descendants } from '../host/harness/processTree';
import { Rig, startRig } from '../rig/rig';
import { SshServer, startSshServer } from '../rig/sshServer';
import { sshHomeDefaults } from '../support/sshHome';
import { waitUntil } from '../support/waitUntil';
import { Workbench } from './workbench';

const PASSWORD = 'correct horse battery';
const PASSPHRASE = 'open sesame';
/** How long the person in these tests thinks before answering: far past the ping's timeout. */
const THINKING_MS = 30000;
const PING_TIMEOUT_MS = 8000;

/** The `ssh … docker system dial-stdio` processes of this workbench's extension hosts. */
function sshProcesses(wb: Workbench): number[] {
  return descendants(wb.server.pid).filter((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return /(^|\/)ssh$/.test(cmd[0]) && cmd.includes('dial-stdio');
    } catch {
      return false;
    }
  });
}

/**
 * ssh's own questions, through the askpass helper the extension ships, answered in VS Code's own
 * inputs by a person in a real browser: a password login, and an encrypted key whose passphrase
 * the person types only after thinking far longer than the ping's timeout.
 */
describe('SSH prompts in a real browser, through the OpenSSH client', function () {
  let rig: Rig;
  let server: SshServer;
  let dir: string;
  let wb: Workbench;

  before(async () => {
    rig = await startRig();
    dir = mkdtempSync(path.join(os.tmpdir(), 'drc-e2e-prompts-'));
    // sshd reads authorized_keys as the test user: the folder must let it through.
    chmodSync(dir, 0o755);
    server = await startSshServer({ dir: path.join(dir, 'sshd'), dockerHost: rig.docker.unixHost, password: PASSWORD });
    const locked = path.join(dir, 'id_locked');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-f', locked]);
    appendFileSync(server.authorizedKeys, readFileSync(`${locked}.pub`, 'utf8'));
    wb = await Workbench.open(
      (world) => {
        const ssh = path.join(world.home, '.ssh');
        mkdirSync(ssh, { recursive: true, mode: 0o700 });
        const host = (alias: string, ...extra: string[]) =>
          [`Host ${alias}`, '  HostName 127.0.0.1', `  Port ${server.port}`, `  User ${server.user}`, `  UserKnownHostsFile ${server.knownHosts}`, ...extra].join('\n');
        writeFileSync(
          path.join(ssh, 'config'),
          [
            host('with-password', '  PubkeyAuthentication no', '  PreferredAuthentications password'),
            host('with-locked-key', `  IdentityFile ${locked}`, '  IdentitiesOnly yes', '  PreferredAuthentications publickey'),
            sshHomeDefaults(world.home),
          ].join('\n'),
          { mode: 0o600 },
        );
        const cli = (...args: string[]) => execFileSync('docker', args, { env: world.processEnv, stdio: 'ignore' });
        cli('context', 'create', 'password-login', '--docker', 'host=ssh://with-password');
        cli('context', 'create', 'locked-key', '--docker', 'host=ssh://with-locked-key');
      },
      // The product's timeout, not the long one the other browser tests use on a loaded machine.
      { settings: { 'dockerContexts.pingTimeoutMs': PING_TIMEOUT_MS } },
    );
    await wb.openExplorer();
  });
  after(async () => {
    await wb?.close();
    await server?.stop();
    await rig?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  async function pingFromPalette(name: string): Promise<void> {
    await wb.runCommand('Docker Contexts: Ping');
    await wb.answerPick('Select the context to ping', name);
  }

  async function answered(name: string): Promise<void> {
    await wb.page.getByText(new RegExp(`${name} answered in \\d+ ms`)).first().waitFor({ timeout: 60000 });
  }

  it('a password login: ssh’s prompt comes as a hidden input, and the ping gets through', async () => {
    await pingFromPalette('password-login');
    await wb.waitForQuickInput('the password input', (s) => !s.list && /SSH password for with-password/.test(s.title) && /password:/i.test(s.message));
    assert.strictEqual(await wb.quickInput().locator('input[type="password"]').count(), 1, 'the password is typed into a password input');
    await wb.screenshot('ssh-password-prompt');
    await wb.answerInput(/SSH password for with-password/, PASSWORD);
    await answered('password-login');
  });

  it('an encrypted key: a person who takes 30 s to type the passphrase still gets the ping', async () => {
    await pingFromPalette('locked-key');
    await wb.waitForQuickInput('the passphrase input', (s) => !s.list && /passphrase/i.test(s.title) && s.message.includes('id_locked'));
    // The person reads, looks the passphrase up, and types it: the ping's timeout must not count this.
    await new Promise((resolve) => setTimeout(resolve, THINKING_MS));
    await wb.answerInput(/passphrase/i, PASSPHRASE);
    await answered('locked-key');
  });

  it('ends every ssh process when the extension is deactivated (the window reloads)', async () => {
    const before = sshProcesses(wb);
    assert.ok(before.length > 0, 'the pings above keep their ssh processes open for the next ping');
    await wb.runCommand('Developer: Reload Window');
    await waitUntil('the ssh processes of the old extension host to end', () => before.every((pid) => !readdirSync('/proc').includes(String(pid))), {
      timeoutMs: 30000,
      describe: () => JSON.stringify(sshProcesses(wb)),
    });
  });
});
