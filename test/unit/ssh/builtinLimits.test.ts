import * as assert from 'assert';
import { sshConfigFailure } from '../../../src/core/ping/classifyError';
import { builtinRefusal } from '../../../src/core/ssh/builtinLimits';
import { UnsupportedSetting } from '../../../src/core/ssh/config/types';
import { hostAgent } from '../../../src/core/ssh/sshAuth';
import { SshConfigError } from '../../../src/core/ssh/sshConfig';

const host = (unsupported: UnsupportedSetting[], certificateFiles: string[] = []) => ({ alias: 'box', unsupported, certificateFiles });
const setting = (keyword: string, value: string, blocking: boolean): UnsupportedSetting => ({ keyword, value, blocking, reason: '' });
const none = () => false;

describe('what the built-in SSH client refuses before connecting', () => {
  it('refuses a blocking setting, naming the host, the setting and the way out', () => {
    const r = builtinRefusal(host([setting('ControlMaster', 'auto', false), setting('ProxyCommand', 'nc %h %p', true)]), none);
    assert.strictEqual(r?.kind, 'ssh-connection-failed');
    assert.match(r.message, /^box .*ProxyCommand nc %h %p/);
    assert.strictEqual(r.hint, 'This host uses ProxyCommand: install OpenSSH 8.4 or later, or set dockerContexts.sshClient to openssh.');
    const password = builtinRefusal(host([setting('PreferredAuthentications', 'password', true)]), none);
    assert.match(password?.message ?? '', /without a public key \(PreferredAuthentications password\)/);
  });

  it('refuses a Match exec it could not run, and lets settings that change nothing through', () => {
    assert.match(builtinRefusal(host([setting('Match', 'exec "vpn-up"', false)]), none)?.message ?? '', /Match exec "vpn-up"/);
    assert.strictEqual(builtinRefusal(host([setting('ControlMaster', 'auto', false), setting('GSSAPIAuthentication', 'yes', false), setting('CanonicalizeHostname', 'yes', false)]), none), undefined);
  });

  it('refuses a CertificateFile that exists, since ssh2 cannot offer a user certificate, and ignores a missing one as ssh does', () => {
    const r = builtinRefusal(host([], ['/k/missing-cert.pub', '/k/id-cert.pub']), (f) => f === '/k/id-cert.pub');
    assert.match(r?.message ?? '', /box .*\/k\/id-cert\.pub/);
    assert.match(r?.hint ?? '', /CertificateFile: install OpenSSH 8\.4/);
    assert.strictEqual(builtinRefusal(host([], ['/k/missing-cert.pub']), none), undefined);
  });

  it('takes the agent from IdentityAgent: none for no agent, a socket, else the one SSH_AUTH_SOCK gives', () => {
    assert.strictEqual(hostAgent({ identityAgent: 'none' }, '/run/agent'), undefined);
    assert.strictEqual(hostAgent({ identityAgent: '/run/other' }, '/run/agent'), '/run/other');
    assert.strictEqual(hostAgent({}, '/run/agent'), '/run/agent');
  });
});

describe('a configuration ssh refuses, as a ping failure', () => {
  it('quotes ssh, whose lines name the file and line', () => {
    const e = new SshConfigError('ssh refuses this configuration', ['/h/.ssh/config: line 2: Bad configuration option: foo', '/h/.ssh/config: terminating, 1 bad configuration options']);
    const f = sshConfigFailure(e, 'box', '/h/.ssh/config');
    assert.strictEqual(f.kind, 'ssh-config-invalid');
    assert.match(f.message, /box: \/h\/\.ssh\/config: line 2: Bad configuration option: foo/);
    assert.match(f.hint, /ssh -G box/);
  });

  it('names the config file when ssh names none (an Include loop)', () => {
    const f = sshConfigFailure(new SshConfigError('Too many recursive configuration includes'), 'box', '/h/.ssh/config');
    assert.match(f.message, /box in \/h\/\.ssh\/config or a file it includes: Too many recursive configuration includes/);
  });
});
