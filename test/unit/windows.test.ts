import * as assert from 'assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as http from 'http';
import * as path from 'path';
import { parseEndpoint } from '../../src/core/endpoint';
import { pingContext } from '../../src/core/ping/pingContext';
import { agentSocket, authSequence } from '../../src/core/ssh/sshAuth';
import { ContextStore } from '../../src/core/store/contextStore';
import { dockerConfigDir } from '../../src/core/store/dockerConfigDir';
import { icaclsArgs, restrictToCurrentUser } from '../../src/core/windowsAcl';
import { TempWorld, createTempWorld } from '../support/tempWorld';

/** Runs `body` with process.platform reading `platform`, for libraries that decide by it. */
function asPlatform<T>(platform: NodeJS.Platform, body: () => T): T {
  const real = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...real, value: platform });
  try {
    return body();
  } finally {
    Object.defineProperty(process, 'platform', real);
  }
}

describe('Windows paths and endpoints (run everywhere)', () => {
  it('finds the docker config folder under %USERPROFILE%, or DOCKER_CONFIG', () => {
    assert.strictEqual(dockerConfigDir({ env: {}, homeDir: 'C:\\Users\\ana', platform: 'win32' }), 'C:\\Users\\ana\\.docker');
    assert.strictEqual(dockerConfigDir({ env: {}, homeDir: '/home/ana', platform: 'linux' }), '/home/ana/.docker');
  });

  it('makes default point at the docker_engine named pipe', () => {
    const c = new ContextStore({ env: {}, homeDir: 'C:\\Users\\ana', platform: 'win32' }).defaultContext();
    assert.strictEqual(c.host, 'npipe:////./pipe/docker_engine');
    assert.deepStrictEqual(parseEndpoint(c.host), { transport: 'npipe', pipePath: '\\\\.\\pipe\\docker_engine' });
  });

  it('pings the default context through the docker_engine pipe', async () => {
    const c = new ContextStore({ env: {}, homeDir: 'C:\\Users\\ana', platform: 'win32' }).defaultContext();
    // Off Windows a pipe's name is a relative file name: an engine listening on a socket of that
    // name in the working folder stands in for Docker Desktop.
    const world = createTempWorld();
    const cwd = process.cwd();
    const engine = http.createServer((req, res) => res.writeHead(req.url === '/_ping' ? 200 : 404, { 'Api-Version': '1.47', OSType: 'windows' }).end('OK'));
    try {
      process.chdir(world.root);
      await new Promise<void>((resolve) => engine.listen('\\\\.\\pipe\\docker_engine', resolve));
      const result = await pingContext(c, { timeoutMs: 5000 });
      assert.deepStrictEqual([result.ok, result.apiVersion, result.osType], [true, '1.47', 'windows'], JSON.stringify(result));
    } finally {
      process.chdir(cwd);
      await new Promise((resolve) => engine.close(resolve));
      world.dispose();
    }
  });

  it('asks the OpenSSH agent through its pipe when SSH_AUTH_SOCK is not set, and Pageant when that agent does not run', () => {
    const asked: string[] = [];
    const running = (pipe: string) => (asked.push(pipe), true);
    assert.strictEqual(agentSocket({}, 'win32', running), '\\\\.\\pipe\\openssh-ssh-agent');
    assert.deepStrictEqual(asked, ['\\\\.\\pipe\\openssh-ssh-agent']);
    assert.strictEqual(agentSocket({}, 'win32', () => false), 'pageant');
    assert.strictEqual(agentSocket({ SSH_AUTH_SOCK: '\\\\.\\pipe\\my-agent' }, 'win32', () => false), '\\\\.\\pipe\\my-agent');
    assert.strictEqual(agentSocket({}, 'linux'), undefined);
  });

  it('hands the chosen agent to ssh2 first, which on Windows talks to Pageant or to the OpenSSH pipe', async () => {
    const settings = {
      alias: 'h',
      hostname: 'h',
      port: 22,
      user: 'ana',
      identityFiles: [],
      identitiesOnly: false,
      proxyJump: [],
      knownHostsFiles: [],
      strictHostKeyChecking: 'yes' as const,
    };
    const firstMethod = (agent: string | undefined) =>
      new Promise<unknown>((resolve) => authSequence(settings, agent, undefined, { tried: [], locked: [] , certificates: [] })(['publickey'], false, (m) => resolve(m)));
    assert.deepStrictEqual(await firstMethod(agentSocket({}, 'win32', () => false)), { type: 'agent', username: 'ana', agent: 'pageant' });
    assert.deepStrictEqual(await firstMethod(agentSocket({}, 'win32', () => true)), { type: 'agent', username: 'ana', agent: '\\\\.\\pipe\\openssh-ssh-agent' });
    // ssh2 decides by process.platform which kind of agent a name means.
    const ssh2 = await import('ssh2');
    asPlatform('win32', () => {
      assert.ok(ssh2.createAgent('pageant') instanceof ssh2.PageantAgent);
      const pipe = ssh2.createAgent('\\\\.\\pipe\\openssh-ssh-agent');
      assert.ok(pipe instanceof ssh2.OpenSSHAgent && !(pipe instanceof ssh2.CygwinAgent) && !(pipe instanceof ssh2.PageantAgent));
    });
  });

  describe('restricting generated keys to the current user', () => {
    let world: TempWorld;
    let calls: string;
    let key: string;
    let savedPath: string | undefined;
    /** Puts an `icacls` on PATH that records its arguments, one a line, and fails when `exitCode` is not 0. */
    const fakeIcacls = (exitCode = 0) => {
      const script = path.join(world.root, 'bin', 'icacls');
      writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$@" -- >> '${calls}'\n${exitCode ? `echo 'Access is denied.' >&2\nexit ${exitCode}\n` : ''}`, { mode: 0o755 });
    };
    /** The arguments of each icacls run, one list per run. */
    const runs = () => (existsSync(calls) ? readFileSync(calls, 'utf8').split('--\n').filter(Boolean).map((r) => r.trimEnd().split('\n')) : []);
    beforeEach(() => {
      world = createTempWorld();
      mkdirSync(path.join(world.root, 'bin'));
      calls = path.join(world.root, 'icacls-calls.txt');
      key = path.join(world.root, 'key.pem');
      writeFileSync(key, 'KEY', { mode: 0o600 });
      savedPath = process.env.PATH;
      process.env.PATH = `${path.join(world.root, 'bin')}${path.delimiter}${savedPath ?? ''}`;
    });
    afterEach(() => {
      process.env.PATH = savedPath;
      world.dispose();
    });

    it('builds icacls arguments that drop inherited entries and grant only read to the user', () => {
      assert.deepStrictEqual(icaclsArgs('C:\\certs\\key.pem', 'HOST\\ana'), ['C:\\certs\\key.pem', '/inheritance:r', '/grant:r', 'HOST\\ana:(R)']);
      assert.deepStrictEqual(icaclsArgs('C:\\certs\\key.pem', 'HOST\\ana', true), ['C:\\certs\\key.pem', '/inheritance:r', '/grant:r', 'HOST\\ana:(R,W)']);
    });

    it('runs icacls on Windows for DOMAIN\\user, or the bare user without a domain', async () => {
      fakeIcacls();
      await restrictToCurrentUser(key, 'win32', { USERDOMAIN: 'HOST', USERNAME: 'ana' });
      await restrictToCurrentUser(key, 'win32', { USERNAME: 'ana' });
      assert.deepStrictEqual(runs(), [
        [key, '/inheritance:r', '/grant:r', 'HOST\\ana:(R)'],
        [key, '/inheritance:r', '/grant:r', 'ana:(R)'],
      ]);
    });

    it('fails with what icacls said when it refuses', async () => {
      fakeIcacls(5);
      await assert.rejects(restrictToCurrentUser(key, 'win32', { USERDOMAIN: 'HOST', USERNAME: 'ana' }), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.strictEqual(e.message, `Could not restrict ${key} to HOST\\ana: Access is denied.\n`);
        return true;
      });
    });

    it('runs nothing elsewhere and leaves the mode bits as they are', async () => {
      fakeIcacls();
      chmodSync(key, 0o600);
      await restrictToCurrentUser(key, 'linux', { USERDOMAIN: 'HOST', USERNAME: 'ana' });
      assert.deepStrictEqual(runs(), []);
      assert.strictEqual(statSync(key).mode & 0o777, 0o600);
      assert.strictEqual(readFileSync(key, 'utf8'), 'KEY');
    });
  });
});
