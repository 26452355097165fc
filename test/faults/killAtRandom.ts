import { spawn } from 'child_process';

/**
 * Kills a real operation at random moments: each run starts `node script ...args` in its own
 * process, waits a random delay within the operation's own measured duration, and ends it with
 * SIGKILL (a crash, a power cut, a closed laptop: nothing of ours runs after it). After each
 * kill `afterKill` checks what the operation left behind; runs that finished before the kill
 * count too, since "killed after the last write" is one of the moments.
 */
export interface KillRun {
  /** The run's number, from 0. */
  readonly index: number;
  /** When the kill was sent, in ms after the start. */
  readonly delayMs: number;
  /** Whether the process was still running when the kill arrived. */
  readonly killed: boolean;
  /** The exit code when the operation finished on its own. */
  readonly code: number | null;
  readonly stderr: string;
}

export interface KillPlan {
  /** The compiled script to run with node. */
  readonly script: string;
  /** Arguments for each run (may differ by run, e.g. a fresh name). */
  readonly args: (index: number) => readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** How many kills. */
  readonly kills: number;
  /** Prepares the world before a run (optional). */
  readonly beforeRun?: (index: number) => Promise<void> | void;
  /** Checks what the run left behind; throw to fail. */
  readonly afterKill: (run: KillRun) => Promise<void> | void;
}

/** Runs the operation once to its end and returns its wall time; throws if it fails. */
export async function measureOperation(plan: Pick<KillPlan, 'script' | 'args' | 'env'>, index = 0): Promise<number> {
  const started = process.hrtime.bigint();
  const run = await runOnce(plan.script, plan.args(index), plan.env, undefined);
  if (run.code !== 0) throw new Error(`the operation failed when run to its end (exit ${run.code}): ${run.stderr.slice(-2000)}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Kills the operation `plan.kills` times at random moments in [0, 1.2 × its duration]. */
export async function killAtRandomMoments(plan: KillPlan): Promise<{ killed: number; finished: number }> {
  const durationMs = await measureOperation(plan, -1);
  let killed = 0;
  let finished = 0;
  for (let index = 0; index < plan.kills; index++) {
    await plan.beforeRun?.(index);
    const delayMs = Math.random() * durationMs * 1.2;
    const run = await runOnce(plan.script, plan.args(index), plan.env, delayMs);
    if (run.killed) killed++;
    else finished++;
    await plan.afterKill({ index, delayMs, ...run });
  }
  return { killed, finished };
}

function runOnce(script: string, args: readonly string[], env: NodeJS.ProcessEnv, killAfterMs: number | undefined): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            if (child.exitCode === null && child.signalCode === null) {
              killed = true;
              child.kill('SIGKILL');
            }
          }, killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ killed, code, stderr });
    });
  });
}
