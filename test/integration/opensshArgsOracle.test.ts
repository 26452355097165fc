import * as assert from 'assert';
import { execFile } from 'child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { dialStdioArgs } from '../../src/core/ssh/openssh/sshArgs';
import { createTempWorld } from '../support/tempWorld';

/**
 * The docker CLI is the oracle of what ssh is run with: a stand-in `ssh` first on the PATH records
 * the arguments the real docker CLI passes for each address, and ours must be the same.
 */
describe('ssh is run with the docker CLI’s own arguments', () => {
  const world = createTempWorld('drc-sshargs-');
  const bin = path.join(world.root, 'bin');
  const log = path.join(world.root, 'args.log');
  before(() => {
    mkdirSync(bin);
    // One argument a line, then an empty line; exit 255 as ssh does when it cannot connect.
    writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> '${log}'\necho >> '${log}'\nexit 255\n`);
    chmodSync(path.join(bin, 'ssh'), 0o755);
  });
  after(() => world.dispose());

  /** The arguments of the first ssh the docker CLI runs for `host` (it may retry). */
  function dockerCliArgs(host: string): Promise<string[]> {
    writeFileSync(log, '');
    return new Promise((resolve) => {
      execFile('docker', ['-H', host, 'version'], { env: { ...world.processEnv, PATH: `${bin}:${process.env.PATH ?? ''}` } }, () => {
        resolve(readFileSync(log, 'utf8').split('\n\n')[0].split('\n').filter((l) => l !== ''));
      });
    });
  }

  const cases: [string, Parameters<typeof dialStdioArgs>[0]][] = [
    ['ssh://build.example.com', { hostname: 'build.example.com' }],
    ['ssh://ci@build.example.com', { user: 'ci', hostname: 'build.example.com' }],
    ['ssh://ci@build.example.com:2222', { user: 'ci', hostname: 'build.example.com', port: 2222 }],
    ['ssh://ci@build.example.com:2222/run/user/1000/docker.sock', { user: 'ci', hostname: 'build.example.com', port: 2222, socketPath: '/run/user/1000/docker.sock' }],
    ['ssh://10.0.0.7/var/run/docker.sock', { hostname: '10.0.0.7', socketPath: '/var/run/docker.sock' }],
  ];
  for (const [host, endpoint] of cases) {
    it(host, async () => {
      assert.deepStrictEqual(dialStdioArgs(endpoint), await dockerCliArgs(host));
    });
  }
});
