import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../host/harness/codeServer';
import { Rig, startRig } from '../rig/rig';
import { sshHomeDefaults } from '../support/sshHome';
import { Workbench } from './workbench';

/**
 * The VSIX as a person installs it (`--install-extension`), with no source folder behind it: the
 * bundles under dist/vendor must load from the package itself for SSH to work at all.
 */
describe('The packaged VSIX, installed into a real VS Code', function () {
  let rig: Rig;
  let wb: Workbench;
  let out: string;

  before(async function () {
    this.timeout(240000);
    out = mkdtempSync(path.join(os.tmpdir(), 'drc-vsix-'));
    const vsix = path.join(out, 'docker-remote-contexts.vsix');
    execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], { cwd: REPO_ROOT, stdio: 'ignore' });
    rig = await startRig();
    wb = await Workbench.open(
      (world) => {
        const ssh = path.join(world.home, '.ssh');
        mkdirSync(ssh, { recursive: true, mode: 0o700 });
        writeFileSync(path.join(ssh, 'config'), `Host 127.0.0.1\n  IdentityFile ${rig.ssh.keyFile}\n  UserKnownHostsFile ${rig.ssh.knownHosts}\n  IdentitiesOnly yes\n${sshHomeDefaults(world.home)}`, { mode: 0o600 });
        const cli = (...args: string[]) => execFileSync('docker', args, { env: world.processEnv, stdio: 'ignore' });
        cli('context', 'create', 'packaged-ssh', '--docker', `host=${rig.ssh.host}`);
        cli('context', 'create', 'packaged-tls', '--docker', `host=${rig.docker.tlsHost},ca=${rig.tls.ca},cert=${rig.tls.cert},key=${rig.tls.key}`);
      },
      { vsix },
    );
  });
  after(async () => {
    await wb?.close();
    await rig?.stop();
    if (out) rmSync(out, { recursive: true, force: true });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  it('lists the contexts and reaches the engine over SSH and TLS as soon as the view opens', async () => {
    await wb.openExplorer();
    for (const name of ['packaged-ssh', 'packaged-tls']) {
      await wb.contextsTree().locator('.monaco-list-row', { hasText: name }).filter({ hasText: /ms · API/ }).first().waitFor({ timeout: 30000 });
    }
    await wb.screenshot('vsix-installed');
  });
});
