import * as assert from 'assert';
import { existsSync, readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import { AskpassPrompt } from '../../src/core/ssh/askpass/askpassServer';
import { SshPromptAnswerer } from '../../src/core/ssh/openssh/opensshConnections';
import { waitUntil } from '../support/waitUntil';
import { openSshFixture } from './opensshFixture';

/** The askpass helpers running now. */
function helpers(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('askpassMain.js');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Answers ssh's prompts as a person would, and remembers them. */
class ScriptedAnswers implements SshPromptAnswerer {
  readonly prompts: (AskpassPrompt & { where: string })[] = [];
  constructor(private readonly reply: (p: AskpassPrompt) => string | undefined) {}
  answer(p: AskpassPrompt & { where: string }): Promise<string | undefined> {
    this.prompts.push(p);
    return Promise.resolve(this.reply(p));
  }
}

/** The system's OpenSSH client against the rig's sshd, run as the docker CLI runs it. */
describe('SSH through the OpenSSH client', function () {
  this.timeout(60000);
  const f = openSshFixture({ askpass: true });

  it('pings with the key file from the config, and a second ping reuses the same ssh process', async () => {
    f.hostConfig();
    const conns = f.connections();
    const first = await f.ping('ssh://rig', { conns });
    assert.strictEqual(first.ok, true, JSON.stringify(first.error));
    assert.ok(first.apiVersion);
    const pids = conns.processIds;
    assert.strictEqual(pids.length, 1);
    const second = await f.ping('ssh://rig', { conns });
    assert.strictEqual(second.ok, true, JSON.stringify(second.error));
    assert.deepStrictEqual(conns.processIds, pids, 'the same process served both');
    conns.closeAll();
    await waitUntil('the ssh process to end', () => conns.processCount === 0);
  });

  it('asks about an unknown host key with ssh’s own text through askpass, and ssh saves it when told yes', async () => {
    const known = path.join(f.c.sshDir, 'known_hosts');
    f.hostConfig({ knownHosts: known });
    const person = new ScriptedAnswers((p) => (/continue connecting/.test(p.prompt) ? 'yes' : undefined));
    const r = await f.ping('ssh://rig', { answerer: person });
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.strictEqual(person.prompts.length, 1);
    assert.match(person.prompts[0].prompt, /SHA256:[A-Za-z0-9+/]+/);
    assert.match(readFileSync(known, 'utf8'), /ssh-ed25519/);
  });

  it('a background ping asks nobody: an unknown host key is ssh-host-key-unknown, and known_hosts stays unwritten', async () => {
    const known = path.join(f.c.sshDir, 'known_hosts');
    f.hostConfig({ knownHosts: known }, '  StrictHostKeyChecking accept-new\n');
    const conns = f.connections();
    const r = await f.ping('ssh://rig', { conns });
    assert.strictEqual(r.error?.kind, 'ssh-host-key-unknown', JSON.stringify(r.error));
    assert.strictEqual(existsSync(known), false);
    await waitUntil('the failed ssh process to end', () => conns.processCount === 0);
  });

  it('a cancelled ping leaves no ssh process behind, nor the askpass helper still waiting for an answer', async () => {
    const conns = f.connections();
    // A prompt that nobody answers holds the ping until the cancel.
    const known = path.join(f.c.sshDir, 'known_hosts_never');
    f.hostConfig({ knownHosts: known });
    const controller = new AbortController();
    const asked = new Promise<void>((resolve) => {
      const person: SshPromptAnswerer = { answer: () => (resolve(), new Promise<undefined>(() => undefined)) };
      void f.ping('ssh://rig', { conns, answerer: person, signal: controller.signal }).then((r) => {
        assert.strictEqual(r.error?.kind, 'cancelled');
      });
    });
    await asked;
    assert.strictEqual(conns.processCount, 1);
    assert.strictEqual(helpers().length, 1, 'the askpass helper waits for the answer');
    controller.abort();
    await waitUntil('the cancelled ssh process to end', () => conns.processCount === 0);
    await waitUntil('the askpass helper to end', () => helpers().length === 0);
  });
});
