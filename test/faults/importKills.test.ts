import * as assert from 'assert';
import { readFileSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { contextDirName } from '../../src/core/store/contextName';
import { ContextStore } from '../../src/core/store/contextStore';
import { CraftedEntry, cliListing, craftTar } from '../support/contextArchives';
import { TempWorld, createTempWorld } from '../support/tempWorld';
import { killAtRandomMoments } from './killAtRandom';
import { nextStart } from './nextStart';

/**
 * What a killed import may leave in the store, for the store's cleanup at start to remove. Each
 * pattern is a name directly under contexts/meta or contexts/tls, or a file inside a context's
 * folder there.
 */
const LEFTOVERS: readonly RegExp[] = [
  /^tls\/\.[0-9a-f]{64}\.new-[0-9a-f]{8}$/, // a TLS folder being built (ContextStore.installTls)
  /^tls\/\.[0-9a-f]{64}\.old-[0-9a-f]{8}$/, // the TLS folder it replaces (not for an import: its name is new)
  /^tls\/[0-9a-f]{64}$/, // a TLS folder whose meta.json was never written: an orphan
  /^meta\/[0-9a-f]{64}$/, // a meta folder whose meta.json was never written (empty, or only a temporary file)
  /^meta\/[0-9a-f]{64}\/\.meta\.json\.[0-9a-f]{12}\.tmp$/, // meta.json being written (writeFileAtomic)
];

describe('killing an import at random moments', function () {
  this.timeout(0);
  let world: TempWorld;
  before(() => (world = createTempWorld('drc-fault-import-')));
  after(() => world.dispose());

  it('leaves the store listable by the docker CLI, no half-written context, only known leftovers, and those cleared at the next start', async () => {
    const store = new ContextStore(world.environment);
    // Large files make the window in which the TLS folder is written wide enough to be hit.
    const files: Record<string, Buffer> = {};
    for (const f of ['ca.pem', 'cert.pem', 'key.pem', 'extra1.pem', 'extra2.pem']) files[f] = Buffer.alloc(1024 * 1024, f);
    const entries: CraftedEntry[] = [
      { path: 'meta.json', data: JSON.stringify({ Name: 'x', Endpoints: { docker: { Host: 'tcp://h:2376' } } }) },
      ...Object.entries(files).map(([f, data]) => ({ path: `tls/docker/${f}`, data })),
    ];
    const archive = path.join(world.root, 'big.dockercontext');
    writeFileSync(archive, craftTar(entries));
    const seen = new Set<string>();
    const result = await killAtRandomMoments({
      script: path.join(__dirname, 'importOnce.js'),
      args: (i) => [archive, `imp-${i < 0 ? 'measure' : i}`],
      env: world.processEnv,
      kills: 60,
      afterKill: async (run) => {
        const listing = await cliListing(world.processEnv);
        assert.ok(listing.ok, `after run ${run.index} (${Math.round(run.delayMs)} ms): docker context ls fails: ${listing.stderr}`);
        for (const line of listing.lines) {
          const name = line.split(' ')[0];
          if (name === 'default') continue;
          // A context the CLI lists is whole: every TLS file complete.
          const context = await store.get(name);
          for (const [f, data] of Object.entries(files)) {
            assert.ok(readFileSync(path.join(context.storage!.tlsPath, 'docker', f)).equals(data), `run ${run.index}: ${name} is listed with a partial ${f}`);
          }
        }
        for (const leftover of leftoversIn(store, listing.lines.map((l) => l.split(' ')[0]))) {
          assert.ok(LEFTOVERS.some((p) => p.test(leftover)), `run ${run.index}: unexpected leftover ${leftover}`);
          seen.add(leftover.replace(/[0-9a-f]{8,}/g, '<hex>'));
        }
        // The next start (any age counts: no operation runs now) clears what the kill left.
        await nextStart(world.environment);
        const after = leftoversIn(store, (await cliListing(world.processEnv)).lines.map((l) => l.split(' ')[0]));
        assert.deepStrictEqual(after, [], `run ${run.index}: left after the next start`);
      },
    });
    console.log(`      ${result.killed} kills, ${result.finished} finished; leftovers seen: ${[...seen].sort().join(', ') || 'none'}`);
    assert.ok(result.killed >= 50, `only ${result.killed} runs were killed before their end`);
  });
});

/** Names under contexts/ that belong to no context the CLI lists. */
function leftoversIn(store: ContextStore, listed: readonly string[]): string[] {
  const live = new Set(listed.filter((n) => n !== 'default').map(contextDirName));
  const found: string[] = [];
  for (const [root, label] of [[store.metaRoot, 'meta'], [store.tlsRoot, 'tls']] as const) {
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names) {
      if (live.has(name)) continue;
      found.push(`${label}/${name}`);
      if (label === 'meta') for (const inner of readdirSync(path.join(root, name))) found.push(`${label}/${name}/${inner}`);
    }
  }
  return found;
}
