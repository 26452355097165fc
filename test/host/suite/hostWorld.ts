import * as assert from 'assert';
import { execFile } from 'child_process';
import { existsSync, promises as fs, mkdtempSync, readdirSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import type { ExtensionInternals } from '../../../src/extension';
import type { ContextsSnapshot } from '../../../src/contextsModel';
import { ContextStore } from '../../../src/core/store/contextStore';

const run = promisify(execFile);

/**
 * The docker config folder the host runner gave this extension host. The suites refuse to
 * run against a real ~/.docker.
 */
export function dockerConfig(): string {
  const dir = process.env.DOCKER_CONFIG;
  assert.ok(dir, 'DOCKER_CONFIG must point into a temporary folder for the host tests');
  assert.notStrictEqual(path.resolve(dir), path.join(os.userInfo().homedir, '.docker'), 'the host tests never use the real ~/.docker');
  return dir;
}

export function testStore(): ContextStore {
  return new ContextStore({ env: { DOCKER_CONFIG: dockerConfig() }, homeDir: os.homedir(), platform: process.platform });
}

/** Runs the real docker CLI against the test store. */
export async function docker(...args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: dockerConfig() };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  const { stdout } = await run('docker', args, { env });
  return stdout.trim();
}

/** Waits until the extension's snapshot satisfies `test`, or fails after `ms` with what it saw. */
export function waitForSnapshot(a: ExtensionInternals, test: (s: ContextsSnapshot) => boolean, ms = 10000): Promise<ContextsSnapshot> {
  return new Promise((resolve, reject) => {
    // Listening before looking, so a change between the two is not missed.
    const done = (s: ContextsSnapshot) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    };
    const sub = a.model.onDidChange((s) => test(s) && done(s));
    const timer = setTimeout(() => {
      sub.dispose();
      void a.model.snapshot().then((s) => reject(new Error(`the explorer did not show the change within ${ms} ms; it shows ${s.listing.contexts.map((c) => c.name).join(', ')} (current: ${s.current.name})`)));
    }, ms);
    a.model.snapshot().then((s) => test(s) && done(s), reject);
  });
}

/** Removes every stored context and currentContext, so each test starts from an empty store. */
export async function resetStore(): Promise<void> {
  const dir = dockerConfig();
  await fs.rm(path.join(dir, 'contexts'), { recursive: true, force: true });
  await fs.rm(path.join(dir, 'config.json'), { force: true });
}

export function contextMeta(name: string, host: string, description = '') {
  return { Name: name, Metadata: { Description: description }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } };
}

/** The start of every scratch folder's name; with the extension host's pid, so parallel runs keep apart. */
const SCRATCH_PREFIX = `drc-host-scratch-${process.pid}-`;
const scratchFolders = new Set<string>();

/**
 * A folder of the suite's own in the temporary folder (TLS fixtures, CA keys, exported files),
 * made before its first test and removed after its last one, whether the tests pass or not.
 * Call it inside `describe`; read `.path` in the tests.
 */
export function scratchFolder(name: string): { readonly path: string } {
  const scratch = { path: '' };
  before(() => {
    scratch.path = mkdtempSync(path.join(os.tmpdir(), `${SCRATCH_PREFIX}${name}-`));
    scratchFolders.add(scratch.path);
  });
  after(() => {
    if (scratch.path) rmSync(scratch.path, { recursive: true, force: true });
  });
  return scratch;
}

// After every suite: no scratch folder is left in the temporary folder, made through
// scratchFolder or by hand under its prefix. Whatever is left is removed, and the run fails.
after('leaves no scratch folder behind', () => {
  const named = readdirSync(os.tmpdir())
    .filter((n) => n.startsWith(SCRATCH_PREFIX))
    .map((n) => path.join(os.tmpdir(), n));
  const left = [...new Set([...scratchFolders, ...named])].filter((f) => existsSync(f)).sort();
  for (const f of left) rmSync(f, { recursive: true, force: true });
  assert.deepStrictEqual(left, [], 'the host suites left these scratch folders behind');
});
