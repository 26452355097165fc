import { spawn } from 'child_process';

/**
 * Kills a real operation at random moments: each run starts `node script ...args` in its own
 * process, waits a random delay within the operation's own measured duration, and ends it with
 * SIGKILL (a crash, a power cut, a closed laptop: nothing of ours runs after it). After each
 * kill `afterKill` checks what the operation left behind; runs that finished before the kill
 * count too, since "killed after the last write" is one of the moments.
 *
 * A worker calls `operationStarts()` right before the operation: the clock of the kill, and the
 * measured duration, start there, so the moments fall inside the operation rather than in Node's
 * own start-up (which is most of a short operation's wall time).
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
  /**
   * How many runs are killed before they end: runs go on until that many were (a run that ends
   * before its moment counts as a finished run, not a kill), at most four times as many runs.
   */
  readonly kills: number;
  /** Prepares the world before a run (optional). */
  readonly beforeRun?: (index: number) => Promise<void> | void;
  /** Checks what the run left behind; throw to fail. */
  readonly afterKill: (run: KillRun) => Promise<void> | void;
}

const STARTS = 'operation starts\n';

/** Called by a worker right before its operation: the kill's clock starts now. */
export function operationStarts(): void {
  process.stdout.write(STARTS);
}

/** Runs the operation once to its end and returns its duration from `operationStarts`; throws if it fails. */
export async function measureOperation(plan: Pick<KillPlan, 'script' | 'args' | 'env'>, index = 0): Promise<number> {
  const run = await runOnce(plan.script, plan.args(index), plan.env, undefined);
  if (run.code !== 0) throw new Error(`the operation failed when run to its end (exit ${run.code}): ${run.stderr.slice(-2000)}`);
  return run.durationMs;
}

/** Kills the operation `plan.kills` times at random moments in [0, 1.2 × its duration]; fails when it could not. */
export async function killAtRandomMoments(plan: KillPlan): Promise<{ killed: number; finished: number }> {
  const durationMs = await measureOperation(plan, -1);
  let killed = 0;
  let finished = 0;
  for (let index = 0; killed < plan.kills && index < plan.kills * 4; index++) {
    await plan.beforeRun?.(index);
    const delayMs = Math.random() * durationMs * 1.2;
    const run = await runOnce(plan.script, plan.args(index), plan.env, delayMs);
    if (run.killed) killed++;
    else finished++;
    await plan.afterKill({ index, delayMs, killed: run.killed, code: run.code, stderr: run.stderr });
  }
  if (killed < plan.kills) throw new Error(`only ${killed} of ${killed + finished} runs were killed before their end; ${plan.kills} were wanted`);
  return { killed, finished };
}

function runOnce(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  killAfterMs: number | undefined,
): Promise<{ killed: boolean; code: number | null; stderr: string; durationMs: number }> {
  return new Promise((resolve, reject) => {
    const spawned = process.hrtime.bigint();
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    let killed = false;
    let started: bigint | undefined;
    let timer: NodeJS.Timeout | undefined;
    const startClock = () => {
      started = process.hrtime.bigint();
      if (killAfterMs === undefined) return;
      timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) {
          killed = true;
          child.kill('SIGKILL');
        }
      }, killAfterMs);
    };
    child.stdout.on('data', (d: Buffer) => {
      if (started !== undefined) return;
      stdout += d.toString();
      if (stdout.includes(STARTS)) startClock();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      // A worker that never announced its start: the clock ran from the spawn (and no kill was sent).
      if (started === undefined && killAfterMs !== undefined) {
        reject(new Error(`${script} ended (exit ${code}) without calling operationStarts(): ${stderr.slice(-1000)}`));
        return;
      }
      resolve({ killed, code, stderr, durationMs: Number(process.hrtime.bigint() - (started ?? spawned)) / 1e6 });
    });
  });
}
