import * as assert from 'assert';
import { sshPromptKind } from '../../../src/core/ssh/askpass/promptKinds';

/** Prompts as OpenSSH 9.2 hands them to SSH_ASKPASS (sshconnect.c, sshconnect2.c, sshkey prompts). */
describe('what ssh asks through askpass', () => {
  it('an unknown host key: ssh’s headline, its details and the fingerprint, without the yes/no question', () => {
    const prompt =
      "The authenticity of host '[localhost]:2222 ([127.0.0.1]:2222)' can't be established.\n" +
      'ED25519 key fingerprint is SHA256:Tq5PBw0Cq0z2bQ3CoMlkw2SFbkcBzbDaSSXDGEYJqdE.\n' +
      'This key is not known by any other names.\n' +
      'Are you sure you want to continue connecting (yes/no/[fingerprint])? ';
    const k = sshPromptKind({ prompt, mode: '' });
    assert.deepStrictEqual(k, {
      kind: 'host-key',
      headline: "The authenticity of host '[localhost]:2222 ([127.0.0.1]:2222)' can't be established.",
      details: 'ED25519 key fingerprint is SHA256:Tq5PBw0Cq0z2bQ3CoMlkw2SFbkcBzbDaSSXDGEYJqdE.\nThis key is not known by any other names.',
      fingerprint: 'SHA256:Tq5PBw0Cq0z2bQ3CoMlkw2SFbkcBzbDaSSXDGEYJqdE',
    });
  });

  it('passwords, passphrases, PINs and one-time codes', () => {
    assert.strictEqual(sshPromptKind({ prompt: "ops@build.example.com's password: ", mode: '' }).kind, 'password');
    assert.strictEqual(sshPromptKind({ prompt: '(ops@build.example.com) Password: ', mode: '' }).kind, 'password');
    assert.deepStrictEqual(sshPromptKind({ prompt: "Enter passphrase for key '/home/ops/.ssh/id_ed25519': ", mode: '' }), {
      kind: 'passphrase',
      keyFile: '/home/ops/.ssh/id_ed25519',
      text: "Enter passphrase for key '/home/ops/.ssh/id_ed25519':",
    });
    assert.strictEqual(sshPromptKind({ prompt: 'Enter PIN for ECDSA-SK key /home/ops/.ssh/id_ecdsa_sk: ', mode: '' }).kind, 'passphrase');
    assert.deepStrictEqual(sshPromptKind({ prompt: '(ops@build.example.com) Verification code: ', mode: '' }), { kind: 'other', text: '(ops@build.example.com) Verification code:' });
  });

  it('a notice or a confirmation, as SSH_ASKPASS_PROMPT says', () => {
    assert.strictEqual(sshPromptKind({ prompt: 'Confirm user presence for key ECDSA-SK SHA256:abc', mode: 'none' }).kind, 'notice');
    assert.strictEqual(sshPromptKind({ prompt: 'Allow use of key /home/ops/.ssh/id_rsa?', mode: 'confirm' }).kind, 'confirm');
  });
});
