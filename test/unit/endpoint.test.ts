import * as assert from 'assert';
import { EndpointError, endpointTransport, parseEndpoint } from '../../src/core/endpoint';

describe('endpoints', () => {
  it('reads the transport from the scheme', () => {
    assert.strictEqual(endpointTransport('unix:///var/run/docker.sock'), 'unix');
    assert.strictEqual(endpointTransport('npipe:////./pipe/docker_engine'), 'npipe');
    assert.strictEqual(endpointTransport('tcp://h:2376'), 'tcp');
    assert.strictEqual(endpointTransport('SSH://u@h'), 'ssh');
    assert.strictEqual(endpointTransport('https://h'), 'tcp');
    assert.strictEqual(endpointTransport('h:2376'), 'unknown');
    assert.strictEqual(endpointTransport(''), 'unknown');
  });

  it('takes unix sockets and Windows named pipes apart', () => {
    assert.deepStrictEqual(parseEndpoint('unix:///var/run/docker.sock'), { transport: 'unix', socketPath: '/var/run/docker.sock' });
    assert.deepStrictEqual(parseEndpoint('unix:///Users/me/.docker/run/docker.sock'), { transport: 'unix', socketPath: '/Users/me/.docker/run/docker.sock' });
    assert.deepStrictEqual(parseEndpoint('npipe:////./pipe/docker_engine'), { transport: 'npipe', pipePath: '\\\\.\\pipe\\docker_engine' });
    assert.deepStrictEqual(parseEndpoint('npipe:////./pipe/dockerDesktopLinuxEngine'), { transport: 'npipe', pipePath: '\\\\.\\pipe\\dockerDesktopLinuxEngine' });
  });

  it('takes tcp addresses apart, IPv6 included, leaving a missing port to the caller', () => {
    assert.deepStrictEqual(parseEndpoint('tcp://docker.example.com:2376'), { transport: 'tcp', hostname: 'docker.example.com', port: 2376 });
    assert.deepStrictEqual(parseEndpoint('tcp://[::1]:2376'), { transport: 'tcp', hostname: '::1', port: 2376 });
    assert.deepStrictEqual(parseEndpoint('tcp://10.0.0.5'), { transport: 'tcp', hostname: '10.0.0.5', port: undefined });
  });

  it('takes ssh addresses apart: user, port and remote socket path', () => {
    assert.deepStrictEqual(parseEndpoint('ssh://ops@build.example.com:2222/run/user/1000/docker.sock'), {
      transport: 'ssh',
      user: 'ops',
      hostname: 'build.example.com',
      port: 2222,
      socketPath: '/run/user/1000/docker.sock',
    });
    assert.deepStrictEqual(parseEndpoint('ssh://my-alias'), { transport: 'ssh', user: undefined, hostname: 'my-alias', port: undefined, socketPath: undefined });
  });

  it('refuses what is not an endpoint, saying what form to use', () => {
    for (const bad of ['', 'docker.example.com:2376', 'ftp://x', 'tcp://', 'tcp://h:99999', 'tcp://u@h:2376', 'tcp://h:2376/path', 'ssh://u:secret@h', 'unix://']) {
      assert.throws(() => parseEndpoint(bad), EndpointError, bad);
    }
    assert.throws(() => parseEndpoint('ssh://u:secret@h'), /no password/);
  });
});
