import * as assert from 'assert';
import { endpointTransport } from '../../src/core/endpoint';

describe('endpoint transports', () => {
  it('reads the transport from the scheme', () => {
    assert.strictEqual(endpointTransport('unix:///var/run/docker.sock'), 'unix');
    assert.strictEqual(endpointTransport('npipe:////./pipe/docker_engine'), 'npipe');
    assert.strictEqual(endpointTransport('tcp://h:2376'), 'tcp');
    assert.strictEqual(endpointTransport('SSH://u@h'), 'ssh');
    assert.strictEqual(endpointTransport('https://h'), 'tcp');
    assert.strictEqual(endpointTransport('h:2376'), 'unknown');
    assert.strictEqual(endpointTransport(''), 'unknown');
  });
});
