import * as assert from 'assert';
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { KnownHostsSettings, checkHostKey, orderHostKeyAlgorithms } from '../../../src/core/ssh/knownHosts';
import { KNOWN_HOSTS_CORPUS, KnownHostsCase, PRESENTED, SERVER_ALGORITHMS, builtinVerdict, renderKnownHosts, verdictOfStatus } from '../../fixtures/known-hosts/corpus';
import { CorpusKeys, generateCorpusKeys } from '../../fixtures/known-hosts/keys';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

/**
 * The known_hosts corpus decided by the built-in client's code alone, with the verdicts the real
 * ssh reached (test/integration/knownHostsOracle.test.ts checks those against a real sshd).
 */
describe('known_hosts corpus: the built-in client decides as OpenSSH', function () {
  this.timeout(30000);
  let world: TempWorld;
  let keys: CorpusKeys;
  before(async () => {
    world = createTempWorld('drc-kh-corpus-');
    keys = await generateCorpusKeys(path.join(world.root, 'keys'));
  });
  after(() => world?.dispose());

  /** The case's files in a folder of its own, and the settings that name them. */
  function filesFor(c: KnownHostsCase, index: number): KnownHostsSettings {
    const dir = path.join(world.root, `case-${index}`);
    mkdirSync(dir, { recursive: true });
    const user = path.join(dir, 'known_hosts');
    if (c.user !== undefined) writeFileSync(user, renderKnownHosts(c.user, keys));
    const globals = (c.global ?? []).map((text, i) => {
      const file = path.join(dir, `ssh_known_hosts${i ? i + 1 : ''}`);
      writeFileSync(file, renderKnownHosts(text, keys));
      return file;
    });
    return { knownHostsFiles: [user], globalKnownHostsFiles: globals };
  }

  KNOWN_HOSTS_CORPUS.forEach((c, index) => {
    it(`${c.title}: ${builtinVerdict(c)}`, async () => {
      const settings = filesFor(c, index);
      const port = c.port ?? 22;
      let presented = c.presents === 'negotiated' ? undefined : PRESENTED[c.presents].key;
      if (presented === undefined) {
        const offered = await orderHostKeyAlgorithms(settings, c.name, port);
        const agreed = offered.find((alg) => alg in SERVER_ALGORITHMS);
        assert.ok(agreed, `no algorithm in common: ${offered.join(',')}`);
        presented = SERVER_ALGORITHMS[agreed];
      }
      const status = await checkHostKey(settings, c.name, port, keys[presented].blob);
      assert.strictEqual(verdictOfStatus(status), builtinVerdict(c), JSON.stringify(status));
    });
  });
});
