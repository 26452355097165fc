import { execFile } from 'child_process';
import { performance } from 'perf_hooks';
import { BenchRow } from './benchRow';

/** The median of `runs` timings of `fn`, in milliseconds. */
export async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The median of `runs` values that `fn` measures itself (when only part of each run counts), in milliseconds. */
export async function medianOf(runs: number, fn: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await fn());
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

/** Runs a command and resolves when it exits 0 (rejects with its stderr otherwise). */
export function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => (err ? reject(new Error(`${file} ${args.join(' ')}: ${stderr || err.message}`)) : resolve()));
  });
}

export function row(name: string, ours: number, reference: number, referenceName: string): BenchRow {
  return { name, ours: round(ours), reference: round(reference), referenceName, unit: 'ms', ratio: Math.round((ours / reference) * 1000) / 1000 };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Runs one part of the benchmark on its own (`node out/test/bench/X.js`) and prints its rows. */
export function runPartAsMain(part: () => Promise<BenchRow[]>): void {
  part().then(
    (rows) => {
      for (const r of rows) console.log(`${r.name}: ours ${r.ours} ms, ${r.referenceName} ${r.reference} ms, ratio ${r.ratio}`);
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
