import { execFile } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import { CommandResult, runCommand } from '../rig/processes';
import { TEST_USER, ensureTestUser } from '../rig/testUser';

/** Whether this process runs as root, which reads and writes every file whatever its mode. */
export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The command that runs a program as another user, as root: runuser (util-linux) or sudo. */
function switchUser(user: string): string[] | undefined {
  for (const dir of ['/usr/sbin', '/sbin', '/usr/bin', '/bin']) {
    if (existsSync(path.join(dir, 'runuser'))) return [path.join(dir, 'runuser'), '-u', user, '--'];
  }
  for (const dir of ['/usr/bin', '/bin']) {
    if (existsSync(path.join(dir, 'sudo'))) return [path.join(dir, 'sudo'), '-n', '-u', user, '--'];
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface MochaJson {
  readonly stats: { readonly passes: number; readonly failures: number; readonly pending: number };
  readonly failures: ReadonlyArray<{ readonly fullTitle: string; readonly err: { readonly message?: string; readonly stack?: string } }>;
}

/**
 * Runs one mocha test again in a child mocha as the rig's unprivileged user, for a test whose
 * point is a file that user may not read (root reads everything). The child runs the very same
 * test from its compiled file, so the body that checks the permission runs as someone it applies
 * to. Resolves when the child passed exactly that test; rejects with the child's failure
 * otherwise. Resolves `{ ran: false, why }` when no unprivileged user can be had here.
 */
export async function rerunAsUnprivilegedUser(test: Mocha.Runnable): Promise<{ ran: true } | { ran: false; why: string }> {
  if (process.env.DRC_UNPRIVILEGED_RERUN) throw new Error(`${TEST_USER} runs as root: the user switch did not happen`);
  if (!test.file) return { ran: false, why: 'mocha did not say which file the test is in' };
  const switcher = switchUser(TEST_USER);
  if (!switcher) return { ran: false, why: 'neither runuser nor sudo is installed (apt-get install -y util-linux or sudo)' };
  try {
    await ensureTestUser();
  } catch (e) {
    return { ran: false, why: `the unprivileged user ${TEST_USER} could not be made: ${e instanceof Error ? e.message : String(e)}` };
  }
  const mocha = require.resolve('mocha/bin/mocha.js');
  const node = [process.execPath, mocha];
  const args = [...switcher.slice(1), '/usr/bin/env', 'DRC_UNPRIVILEGED_RERUN=1', ...node, '--reporter', 'json', '--timeout', String(test.timeout()), '--grep', `^${escapeRegExp(test.fullTitle())}$`, test.file];
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | string | undefined }>((resolve) =>
    execFile(switcher[0], args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, cwd: '/' }, (error, out, err) =>
      resolve({ stdout: out, stderr: err, code: (error as { code?: number | string } | null)?.code }),
    ),
  );
  let report: MochaJson;
  try {
    report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as MochaJson;
  } catch {
    throw new Error(`mocha as ${TEST_USER} printed no report (exit ${String(code)}):\n${stderr.trim() || stdout.trim()}`);
  }
  if (report.failures.length) {
    const f = report.failures[0];
    throw new Error(`as ${TEST_USER}: ${f.fullTitle}: ${f.err.stack ?? f.err.message ?? ''}`);
  }
  if (report.stats.passes !== 1) throw new Error(`mocha as ${TEST_USER} ran ${report.stats.passes} tests instead of this one (${report.stats.pending} pending):\n${stderr.trim()}`);
  return { ran: true };
}

/**
 * Runs one program as the rig's unprivileged user (this process being root), to see what that user
 * may do with a file or a socket of ours; resolves with how it ended, or `{ ran: false, why }` when
 * no unprivileged user can be had here.
 */
export async function runAsUnprivilegedUser(file: string, args: readonly string[]): Promise<({ ran: true } & CommandResult) | { ran: false; why: string }> {
  const switcher = switchUser(TEST_USER);
  if (!switcher) return { ran: false, why: 'neither runuser nor sudo is installed (apt-get install -y util-linux or sudo)' };
  try {
    await ensureTestUser();
  } catch (e) {
    return { ran: false, why: `the unprivileged user ${TEST_USER} could not be made: ${e instanceof Error ? e.message : String(e)}` };
  }
  const result = await runCommand(switcher[0], [...switcher.slice(1), file, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' }, cwd: '/' });
  return { ran: true, ...result };
}
