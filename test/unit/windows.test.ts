import * as assert from 'assert';
import { parseEndpoint } from '../../src/core/endpoint';
import { agentSocket } from '../../src/core/ssh/sshAuth';
import { ContextStore } from '../../src/core/store/contextStore';
import { dockerConfigDir } from '../../src/core/store/dockerConfigDir';
import { icaclsArgs, restrictToCurrentUser } from '../../src/core/windowsAcl';

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

  it('asks the OpenSSH agent through its pipe when SSH_AUTH_SOCK is not set, and Pageant when that agent does not run', () => {
    const asked: string[] = [];
    const running = (pipe: string) => (asked.push(pipe), true);
    assert.strictEqual(agentSocket({}, 'win32', running), '\\\\.\\pipe\\openssh-ssh-agent');
    assert.deepStrictEqual(asked, ['\\\\.\\pipe\\openssh-ssh-agent']);
    assert.strictEqual(agentSocket({}, 'win32', () => false), 'pageant');
    assert.strictEqual(agentSocket({ SSH_AUTH_SOCK: '\\\\.\\pipe\\my-agent' }, 'win32', () => false), '\\\\.\\pipe\\my-agent');
    assert.strictEqual(agentSocket({}, 'linux'), undefined);
  });

  it('restricts generated keys to the current user with icacls', async () => {
    assert.deepStrictEqual(icaclsArgs('C:\\certs\\key.pem', 'HOST\\ana'), ['C:\\certs\\key.pem', '/inheritance:r', '/grant:r', 'HOST\\ana:(R)']);
    // Elsewhere it leaves the mode bits to do the work.
    await restrictToCurrentUser('/nonexistent/key.pem', 'linux');
  });
});
