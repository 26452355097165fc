import * as assert from 'assert';
import { storedHost } from '../../src/core/store/newContexts';
import { CliWorld, createCliWorld } from './cliWorld';

/** Hosts a person might type, with the verdict we give; the docker CLI is the oracle for the refusals. */
const HOSTS: ReadonlyArray<readonly [string, 'accept' | 'refuse']> = [
  ['ssh://user@host', 'accept'],
  ['ssh://host', 'accept'],
  ['ssh://ops@build.example.com:2222', 'accept'],
  ['ssh://ops@build.example.com:2222/run/user/1000/docker.sock', 'accept'],
  ['ssh://ho_st', 'accept'],
  ['ssh://user%40corp@host', 'accept'],
  ['tcp://h', 'accept'],
  ['tcp://h:2376', 'accept'],
  ['tcp://[::1]:2376', 'accept'],
  ['tcp://10.0.0.5:2375', 'accept'],
  ['https://h:2376', 'accept'],
  ['unix:///var/run/docker.sock', 'accept'],
  ['unix:///Users/John Smith/.docker/run/docker.sock', 'accept'],
  ['ssh://user@host\nx', 'refuse'],
  ['ssh://user@host\rx', 'refuse'],
  ['ssh://user@ho st', 'refuse'],
  [' ssh://user@host', 'refuse'],
  ['ssh://user@host ', 'refuse'],
  ['ssh://', 'refuse'],
  ['ssh://user@', 'refuse'],
  ['ssh://u:p@host', 'refuse'],
  ['ssh://host?x=1', 'refuse'],
  ['ssh://host#f', 'refuse'],
  ['ssh://h%20x', 'refuse'],
  ['ssh://host:99999', 'refuse'],
  ['ssh://host:0', 'refuse'],
  ['ssh://-oProxyCommand=x', 'refuse'],
  ['unix://', 'refuse'],
  ['unix://relative.sock', 'refuse'],
  ['npipe://', 'refuse'],
  ['npipe:////./pipe/docker_engine', 'refuse'],
  ['tcp://', 'refuse'],
  ['tcp://:2375', 'refuse'],
  ['tcp://h:', 'refuse'],
  ['tcp://h:abc', 'refuse'],
  ['tcp://h\tx:1', 'refuse'],
  ['h:2375', 'refuse'],
  ['fd://', 'refuse'],
  ['ftp://x', 'refuse'],
  ['', 'refuse'],
];

describe('docker CLI interop: which hosts a context may have', function () {
  this.timeout(60000);
  let w: CliWorld;
  before(() => (w = createCliWorld()));
  after(() => w.dispose());

  it('refuses every host docker context create refuses, and stores what it accepts as the CLI stores it (Linux)', async function () {
    if (process.platform !== 'linux') this.skip();
    const disagreements: string[] = [];
    const cliRefuses: string[] = [];
    const check = async (index: number, host: string, expected: 'accept' | 'refuse'): Promise<void> => {
      const ours = storedHost(host);
      const verdict = 'host' in ours ? 'accept' : 'refuse';
      if (verdict !== expected) disagreements.push(`${JSON.stringify(host)}: we ${verdict}, the table says ${expected}`);
      const cli = await w.run(['context', 'create', `typed-${index}`, '--docker', `host=${host}`]);
      if (cli.code !== 0) cliRefuses.push(host);
      if (cli.code !== 0 && verdict === 'accept') disagreements.push(`${JSON.stringify(host)}: we accept, the docker CLI refuses (${cli.stderr.trim()})`);
      if (!('host' in ours)) return;
      // What we store must be what the CLI stores for it.
      const name = ours.host === host ? `typed-${index}` : `ours-${index}`;
      if (name !== `typed-${index}`) {
        const stored = await w.run(['context', 'create', name, '--docker', `host=${ours.host}`]);
        if (stored.code !== 0) disagreements.push(`${JSON.stringify(ours.host)} (stored for ${JSON.stringify(host)}): the docker CLI refuses it (${stored.stderr.trim()})`);
      }
      const cliHost = (await w.store.get(name).catch(() => undefined))?.host;
      if (cliHost !== ours.host) disagreements.push(`${JSON.stringify(ours.host)}: the docker CLI stores ${JSON.stringify(cliHost)}`);
    };
    const queue = [...HOSTS.entries()];
    await Promise.all([1, 2, 3, 4].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await check(next[0], next[1][0], next[1][1]);
    }));
    assert.deepStrictEqual(disagreements, []);
    // The table still holds hosts the CLI itself refuses (else it would no longer test the oracle).
    assert.ok(cliRefuses.includes('ssh://user@host\nx') && cliRefuses.includes('unix://'), `the docker CLI refused only ${JSON.stringify(cliRefuses)}`);
  });
});
