import * as path from 'path';
import { REPO_ROOT } from '../host/harness/codeServer';
import { pingContext } from '../../src/core/ping/pingContext';
import { PingResult } from '../../src/core/ping/pingTypes';
import { AskpassServer } from '../../src/core/ssh/askpass/askpassServer';
import { OpenSshClient, findOpenSsh } from '../../src/core/ssh/openssh/findOpenSsh';
import { OpenSshConnections, SshPromptAnswerer } from '../../src/core/ssh/openssh/opensshConnections';
import { draftContext } from '../../src/core/store/newContexts';
import { Rig } from '../rig/rig';
import { SshServer } from '../rig/sshServer';
import { waitUntil } from '../support/waitUntil';
import { ConnectivityWorld, hostBlock } from './connectivityWorld';
import { rig } from './rigFixture';

type HostOptions = Parameters<typeof hostBlock>[1];
/** An sshd to write a Host block for: the rig's, or one a test started. */
type Sshd = Pick<SshServer, 'port' | 'user' | 'keyFile' | 'knownHosts'>;

/** What a suite that pings through the OpenSSH client works with; each test gets a world of its own. */
export interface OpenSshFixture {
  /** This test's home, with its ~/.ssh. */
  readonly c: ConnectivityWorld;
  /** The rig's sshd. */
  readonly ssh: Rig['ssh'];
  /** New connections through the system's ssh, reading this test's ~/.ssh/config; all of them are closed after the test. */
  connections(): OpenSshConnections;
  /** Pings `host` through `conns` (new connections unless given), asking `answerer` (nobody unless given). */
  ping(host?: string, how?: { conns?: OpenSshConnections; answerer?: SshPromptAnswerer; timeoutMs?: number; signal?: AbortSignal }): Promise<PingResult>;
  /** Writes ~/.ssh/config with one Host block for `server` (the rig's sshd unless given), `o` over its defaults, and `extra` after it. */
  hostConfig(o?: Partial<HostOptions> & { alias?: string; server?: Sshd }, extra?: string): void;
  /** Writes ~/.ssh/config from these lines. */
  lines(...l: string[]): void;
}

/**
 * Registers, in the calling `describe`, the hooks of a suite that pings through the system's
 * OpenSSH client as the docker CLI runs it: finds ssh (and starts the askpass server when told),
 * gives each test a ConnectivityWorld, and after each test closes every connection it opened and
 * waits for every ssh process to end.
 */
export function openSshFixture(options: { askpass?: boolean; pingTimeoutMs?: number } = {}): OpenSshFixture {
  let client: OpenSshClient;
  let askpass: AskpassServer | undefined;
  let c: ConnectivityWorld;
  let opened: OpenSshConnections[] = [];

  before(async () => {
    const found = await findOpenSsh({ platform: process.platform, env: process.env });
    if (!found) throw new Error('No OpenSSH client of 8.4 or later on the PATH: the rig installs openssh-client; install it and run again.');
    client = found;
    if (options.askpass) askpass = await AskpassServer.start({ helperMain: path.join(REPO_ROOT, 'out', 'src', 'askpass', 'askpassMain.js'), nodePath: process.execPath });
  });
  after(() => askpass?.dispose());
  beforeEach(() => (c = new ConnectivityWorld()));
  afterEach(async () => {
    for (const conns of opened) conns.closeAll();
    await waitUntil('every ssh process to end', () => opened.every((conns) => conns.processCount === 0));
    opened = [];
    c.dispose();
  });

  const fixture: OpenSshFixture = {
    get c() {
      return c;
    },
    get ssh() {
      return rig().ssh;
    },
    connections() {
      const conns = new OpenSshConnections({ client, askpass, env: { ...process.env, HOME: c.world.home }, idleMs: 60000, configFile: path.join(c.sshDir, 'config') });
      opened.push(conns);
      return conns;
    },
    ping(host = 'ssh://rig', how = {}) {
      const conns = how.conns ?? fixture.connections();
      return pingContext(draftContext('under-test', host, undefined), { timeoutMs: how.timeoutMs ?? options.pingTimeoutMs ?? 15000, signal: how.signal, ssh: conns.dialer(how.answerer) });
    },
    hostConfig({ alias = 'rig', server = rig().ssh, ...o } = {}, extra = '') {
      c.sshConfig(hostBlock(alias, { hostname: '127.0.0.1', port: server.port, user: server.user, identityFile: server.keyFile, knownHosts: server.knownHosts, ...o }) + extra);
    },
    lines(...l) {
      c.sshConfig(l.join('\n') + '\n');
    },
  };
  return fixture;
}
