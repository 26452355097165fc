import * as assert from 'assert';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import * as vscode from 'vscode';
import type { DockerContextsApi } from '../../../src/extension';
import type { ContextsSnapshot } from '../../../src/contextsModel';
import { ContextStore } from '../../../src/core/store/contextStore';

export const EXTENSION_ID = 'docker-remote-contexts.docker-remote-contexts';
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

export async function api(): Promise<DockerContextsApi> {
  const ext = vscode.extensions.getExtension<DockerContextsApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this host`);
  return ext.activate();
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
export async function waitForSnapshot(a: DockerContextsApi, test: (s: ContextsSnapshot) => boolean, ms = 10000): Promise<ContextsSnapshot> {
  const current = await a.model.snapshot();
  if (test(current)) return current;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      void a.model.snapshot().then((s) => reject(new Error(`the explorer did not show the change within ${ms} ms; it shows ${s.listing.contexts.map((c) => c.name).join(', ')}`)));
    }, ms);
    const sub = a.model.onDidChange((s) => {
      if (test(s)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(s);
      }
    });
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
