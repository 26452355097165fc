import * as assert from 'assert';
import { EndpointError, endpointTransport, parseEndpoint, storableHost } from '../../src/core/endpoint';

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

  it('refuses line breaks, tabs and spaces instead of dropping them, as Node\'s URL parser would (ssh://user@host\\nx is not hostx)', () => {
    for (const bad of ['ssh://user@host\nx', 'ssh://user@ho\tst', 'ssh://user@ho st', ' ssh://user@host', 'ssh://user@host ', 'tcp://h x:2376', 'unix:///run/docker.sock\n']) {
      assert.throws(() => parseEndpoint(bad), EndpointError, JSON.stringify(bad));
    }
    assert.throws(() => parseEndpoint('ssh://user@host\nx'), /control character .*one line/);
    assert.throws(() => parseEndpoint(' ssh://user@host'), /spaces around it/);
  });

  it('refuses a host or user that ssh would read as an option, and ports outside 1 to 65535', () => {
    for (const bad of ['ssh://-oProxyCommand=x', 'ssh://-x@host', 'ssh://host:0', 'ssh://host:65536', 'tcp://h:', 'tcp://:2375', 'ssh://h%20x', 'ssh://host/%zz']) {
      assert.throws(() => parseEndpoint(bad), EndpointError, bad);
    }
  });

  it('keeps a space inside a socket path, which a home folder may have', () => {
    assert.deepStrictEqual(parseEndpoint('unix:///Users/John Smith/.docker/run/docker.sock'), { transport: 'unix', socketPath: '/Users/John Smith/.docker/run/docker.sock' });
  });

  it('stores one form of a host on create and on edit: tcp with its port, npipe only on Windows, unix with a path', () => {
    assert.strictEqual(storableHost('tcp://h', { defaultTcpPort: 2376 }), 'tcp://h:2376');
    assert.strictEqual(storableHost('https://[::1]', { defaultTcpPort: 2376 }), 'tcp://[::1]:2376');
    assert.strictEqual(storableHost('ssh://ops@h:2222', {}), 'ssh://ops@h:2222');
    assert.strictEqual(storableHost('npipe:////./pipe/docker_engine', { platform: 'win32' }), 'npipe:////./pipe/docker_engine');
    assert.throws(() => storableHost('npipe:////./pipe/docker_engine', { platform: 'linux' }), /Windows named pipe/);
    assert.throws(() => storableHost('unix://', { platform: 'linux' }), /names no socket/);
  });
});
