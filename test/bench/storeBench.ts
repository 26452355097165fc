import { ContextStore } from '../../src/core/store/contextStore';
import { createTempWorld } from '../support/tempWorld';
import { BenchRow } from './benchRow';
import { median, row, run } from './measure';

/**
 * Listing 1,000 contexts from disk against `docker context ls --format json`, and switching
 * context against `docker context use`, on the same store in the same run.
 */
export async function storeBenchmarks(): Promise<BenchRow[]> {
  const world = createTempWorld('drc-bench-');
  try {
    const writer = new ContextStore(world.environment);
    const names = Array.from({ length: 1000 }, (_, i) => `ctx-${String(i).padStart(4, '0')}`);
    for (const name of names) {
      await writer.write({ Name: name, Metadata: { Description: `bench ${name}` }, Endpoints: { docker: { Host: `tcp://10.0.${Math.floor(Number(name.slice(4)) / 250)}.${Number(name.slice(4)) % 250}:2376`, SkipTLSVerify: false } } });
    }
    const env = { ...world.processEnv };
    // A new store each time: nothing is cached between runs but the operating system's file cache, as for the CLI.
    const ours = await median(9, async () => {
      const listing = await new ContextStore(world.environment).list();
      if (listing.contexts.length !== 1001) throw new Error(`listed ${listing.contexts.length}`);
    });
    const cli = await median(9, () => run('docker', ['context', 'ls', '--format', 'json'], env));
    const useOurs = await median(21, (() => {
      let i = 0;
      return () => new ContextStore(world.environment).use(names[i++ % names.length]);
    })());
    const useCli = await median(21, (() => {
      let i = 0;
      return () => run('docker', ['context', 'use', names[i++ % names.length]], env);
    })());
    return [
      row('list 1,000 contexts (cold)', ours, cli, 'docker context ls --format json'),
      row('switch context', useOurs, useCli, 'docker context use'),
    ];
  } finally {
    world.dispose();
  }
}
