import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Rig, startRig } from '../rig/rig';
import { sshHomeDefaults } from '../support/sshHome';
import { waitUntil } from '../support/waitUntil';
import { Workbench } from './workbench';

/**
 * The SSH and TLS wizards, driven from the Command Palette with the keyboard only, against a
 * real dockerd and sshd: the new rows appear, answer the ping, and work with the docker CLI.
 */
describe('Creating contexts with the wizards in a real browser', function () {
  let rig: Rig;
  let wb: Workbench;

  before(async () => {
    rig = await startRig();
    wb = await Workbench.open((world) => {
      // Our SSH reads ~/.ssh of the world's home: the rig's key and known_hosts for its sshd.
      const ssh = path.join(world.home, '.ssh');
      mkdirSync(ssh, { recursive: true, mode: 0o700 });
      writeFileSync(
        path.join(ssh, 'config'),
        `Host 127.0.0.1\n  IdentityFile ${rig.ssh.keyFile}\n  UserKnownHostsFile ${rig.ssh.knownHosts}\n  IdentitiesOnly yes\n` +
          // The same sshd under another name that known_hosts does not list yet.
          `Host localhost\n  IdentityFile ${rig.ssh.keyFile}\n  UserKnownHostsFile ${path.join(ssh, 'known_hosts_new')}\n  IdentitiesOnly yes\n` +
          sshHomeDefaults(world.home),
        { mode: 0o600 },
      );
    });
    await wb.openExplorer();
  });
  after(async () => {
    await wb?.close();
    await rig?.stop();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  const step = (expect: RegExp, answer: string, shot?: string) => wb.answerInput(expect, answer, shot);
  const pick = (placeholder: string, label: string, shot?: string) => wb.answerPick(placeholder, label, shot);

  function cliVersion(context: string): string {
    return execFileSync('docker', ['--context', context, 'version', '--format', '{{.Server.APIVersion}}'], { env: rig.cliEnv(wb.world), encoding: 'utf8' }).trim();
  }

  it('creates an SSH context from the palette: the row appears and answers', async () => {
    await wb.runCommand('Docker Contexts: Create SSH Context');
    await step(/A name for the context/, 'rig-ssh', 'wizard-ssh-1-name');
    await pick('SSH host of the Docker engine', 'Type an address', 'wizard-ssh-2-host');
    await step(/user@host\[:port\]/, `${rig.ssh.user}@127.0.0.1:${rig.ssh.port}`);
    await step(/Docker socket on the remote host/, '', 'wizard-ssh-3-socket');
    await step(/a description/, 'the rig over SSH');
    await wb.quickInput().locator('input[placeholder*="answered: Docker API"]').waitFor({ timeout: 60000 });
    await wb.screenshot('wizard-ssh-5-tested');
    await wb.page.keyboard.press('Enter');
    await wb.waitForRows((labels) => labels.includes('rig-ssh'));
    await wb.contextsTree().locator('.monaco-list-row', { hasText: 'rig-ssh' }).filter({ hasText: /ms · API/ }).first().waitFor({ timeout: 15000 });
    assert.ok(cliVersion('rig-ssh').length > 0);
  });

  it('creates a TLS context from the palette: the row appears and answers', async () => {
    await wb.runCommand('Docker Contexts: Create TLS Context');
    await step(/A name for the context/, 'rig-tls', 'wizard-tls-1-name');
    await step(/tcp:\/\/host:port/, rig.docker.tlsHost, 'wizard-tls-2-host');
    await pick('Where are the client certificates', 'A folder with ca.pem', 'wizard-tls-3-source');
    await step(/Create TLS Context \(4\/6\)/, rig.tls.dir, 'wizard-tls-4-folder');
    await pick('Check the engine’s certificate', 'Verify the engine', 'wizard-tls-5-verify');
    await step(/a description/, 'the rig over TLS');
    await wb.quickInput().locator('input[placeholder*="answered: Docker API"]').waitFor({ timeout: 60000 });
    await wb.screenshot('wizard-tls-6-tested');
    await wb.page.keyboard.press('Enter');
    await wb.waitForRows((labels) => labels.includes('rig-tls'));
    await wb.contextsTree().locator('.monaco-list-row', { hasText: 'rig-tls' }).filter({ hasText: /ms · API/ }).first().waitFor({ timeout: 15000 });
    assert.ok(cliVersion('rig-tls').length > 0);
    await wb.screenshot('explorer-after-wizards');
  });

  it('expands the SSH row to what its engine is, the server version as the docker CLI says it', async () => {
    await wb.focusRow('rig-ssh');
    await wb.page.keyboard.press('ArrowRight');
    const version = execFileSync('docker', ['--context', 'rig-ssh', 'version', '--format', '{{.Server.Version}}'], { env: rig.cliEnv(wb.world), encoding: 'utf8' }).trim();
    await wb.contextsTree().locator('.monaco-list-row', { hasText: version }).first().waitFor({ timeout: 30000 });
    await wb.contextsTree().locator('.monaco-list-row', { hasText: /running/ }).first().waitFor({ timeout: 5000 });
    await wb.screenshot('engine-details');
    await wb.page.keyboard.press('ArrowLeft');
  });

  it('asks about an unknown host key with its fingerprint, and saves it to known_hosts when told', async () => {
    await wb.runCommand('Docker Contexts: Create SSH Context');
    await step(/A name for the context/, 'rig-new-host');
    await pick('SSH host of the Docker engine', 'Type an address');
    await step(/user@host\[:port\]/, `${rig.ssh.user}@localhost:${rig.ssh.port}`);
    await step(/Docker socket on the remote host/, '');
    await step(/a description/, '');
    const dialog = wb.page.locator('.monaco-dialog-box');
    // ssh's own words, as in a terminal.
    await dialog.filter({ hasText: /authenticity of host .* can't be established/ }).waitFor({ timeout: 30000 });
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], { input: rig.ssh.hostPublicKey, encoding: 'utf8' }).split(' ')[1];
    await dialog.filter({ hasText: fingerprint }).waitFor({ timeout: 5000 });
    await wb.screenshot('host-key-prompt');
    await dialog.getByRole('button', { name: 'Trust and Save' }).click();
    await wb.quickInput().locator('input[placeholder*="answered: Docker API"]').waitFor({ timeout: 60000 });
    await wb.page.keyboard.press('Enter');
    const saved = execFileSync('ssh-keygen', ['-F', `[localhost]:${rig.ssh.port}`, '-f', path.join(wb.world.home, '.ssh', 'known_hosts_new')], { encoding: 'utf8' });
    assert.match(saved, /ssh-/);
    await wb.waitForRows((labels) => labels.includes('rig-new-host'));
  });

  it('generates a certificate set into the workspace from the palette', async () => {
    await wb.runCommand('Docker Contexts: Generate TLS Certificates');
    await step(/DNS names of the Docker host/, 'localhost', 'certificates-1-hosts');
    await step(/IP addresses/, '127.0.0.1');
    await pick('Where should the certificates go', 'In this workspace', 'certificates-3-where');
    await pick('Which CA signs the certificates', 'A new CA');
    await step(/passphrase for the new CA key/, 'e2e passphrase');
    await step(/How many days/, '90');
    await pick('RSA key size', '2048 bits');
    await step(/common name of the client certificate/, 'client');
    const dir = path.join(wb.workspace, '.docker-certs', 'localhost');
    await waitUntil('the generated key.pem', () => existsSync(path.join(dir, 'key.pem')), { timeoutMs: 60000 });
    // The result and its next steps, in the notification center.
    await wb.page.locator('[id="status.notifications"]').click();
    await wb.page.getByText('Generated the certificates for localhost').first().waitFor({ timeout: 15000 });
    await wb.screenshot('certificates-result');
    assert.deepStrictEqual(readdirSync(dir).sort(), ['.gitignore', 'ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem']);
    assert.strictEqual(statSync(path.join(dir, 'key.pem')).mode & 0o777, 0o400);
    assert.strictEqual(statSync(dir).mode & 0o777, 0o700);
  });
});
