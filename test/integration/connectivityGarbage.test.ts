import * as assert from 'assert';
import { PingResult } from '../../src/core/ping/pingTypes';
import { GarbageServer, GarbageStep, randomBytesOnly, sshBannerThenGarbage, startGarbageServer } from '../support/garbageServer';
import { waitUntil } from '../support/waitUntil';
import { ConnectivityWorld, hostBlock } from './connectivityWorld';
import { openSshFixture } from './opensshFixture';
import { rig } from './rigFixture';

/** Records what reaches the process as an uncaught exception or an unhandled rejection while a test runs. */
function watchProcessFaults(): { readonly seen: string[]; stop(): void } {
  const seen: string[] = [];
  const onException = (e: Error) => seen.push(`uncaught exception: ${e.message}`);
  const onRejection = (e: unknown) => seen.push(`unhandled rejection: ${String(e)}`);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    seen,
    stop() {
      process.removeListener('uncaughtException', onException);
      process.removeListener('unhandledRejection', onRejection);
    },
  };
}

/**
 * A port that answers something other than SSH, pinged through each SSH client: the ping says so,
 * the client hangs up, nothing it emits afterwards goes unhandled, and the next ping works.
 */
function garbageCases(ping: (port: number) => Promise<PingResult>, pingRig: () => Promise<PingResult>): void {
  let server: GarbageServer | undefined;
  let faults: ReturnType<typeof watchProcessFaults>;
  beforeEach(() => (faults = watchProcessFaults()));
  afterEach(async () => {
    faults.stop();
    await server?.close();
    server = undefined;
  });

  const cases: [string, () => GarbageStep[]][] = [
    ['a valid banner followed by garbage', sshBannerThenGarbage],
    ['random bytes', randomBytesOnly],
  ];
  for (const [what, script] of cases) {
    it(`${what}: the ping says the port does not speak SSH, no uncaught error follows, and the next ping answers`, async () => {
      server = await startGarbageServer(script());
      const r = await ping(server.port);
      assert.strictEqual(r.ok, false);
      assert.strictEqual(r.error?.kind, 'ssh-connection-failed', JSON.stringify(r.error));
      assert.match(r.error.message, new RegExp(`127\\.0\\.0\\.1:${server.port} answered, but not as an SSH server speaks`));
      assert.match(r.error.hint, /port sshd listens on/);
      // Whatever the port still sends after the ping reaches a client that has hung up.
      const garbage = server;
      await waitUntil('the client to hang up on the garbage', () => garbage.accepted > 0 && garbage.open === 0);
      const again = await pingRig();
      assert.strictEqual(again.ok, true, JSON.stringify(again.error));
      assert.deepStrictEqual(faults.seen, []);
    });
  }
}

describe('connectivity: an SSH port that speaks garbage', function () {
  this.timeout(30000);

  describe('the built-in SSH client', () => {
    let c: ConnectivityWorld;
    beforeEach(() => (c = new ConnectivityWorld()));
    afterEach(() => c.dispose());
    garbageCases(
      (port) => {
        c.sshConfig(hostBlock('garbage', { hostname: '127.0.0.1', port, user: 'nobody', knownHosts: rig().ssh.knownHosts }));
        return c.ping('ssh://garbage', { timeoutMs: 5000 });
      },
      () => {
        const ssh = rig().ssh;
        c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: ssh.port, user: ssh.user, identityFile: ssh.keyFile, knownHosts: ssh.knownHosts }));
        return c.ping('ssh://rig', { timeoutMs: 8000 });
      },
    );
  });

  describe('the OpenSSH client', () => {
    const f = openSshFixture();
    garbageCases(
      (port) => {
        f.hostConfig({ alias: 'garbage', server: { ...f.ssh, port } });
        return f.ping('ssh://garbage', { timeoutMs: 5000 });
      },
      () => {
        f.hostConfig();
        return f.ping('ssh://rig', { timeoutMs: 8000 });
      },
    );
  });
});
