import { ChildProcess, execFileSync, spawn } from 'child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { TempWorld } from '../../support/tempWorld';
import { killTree } from './processTree';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** A code-server (the real VS Code, served to a browser) of the test run's own. */
export interface CodeServer {
  /** The code-server process; the extension hosts run under it. */
  readonly pid: number;
  readonly port: number;
  readonly logFile: string;
  /**
   * The workbench address for `folder`, loading this extension from source (or the extension in
   * `extensionPath`; none with `null`, for an installed VSIX), and a test module if given.
   */
  workbenchUrl(folder: string, extensionTestsPath?: string, extensionPath?: string | null): string;
  stop(): void;
}

/** Installs code-server once (into ~/.cache/docker-remote-contexts) and returns its launcher. */
export function ensureCodeServer(): string {
  const out = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'ensure-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop()!;
}

/** code-servers started and not stopped yet: killed when the process exits, whatever ended it. */
const running = new Set<number>();
process.on('exit', () => {
  for (const pid of running) killTree(pid);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts code-server on 127.0.0.1 with everything (HOME, XDG folders, TMPDIR, user data,
 * extensions, the docker config) inside `world`, and the smoke-test driver on, which loads an
 * extension from source and runs a test module when the workbench address asks for them.
 */
export async function startCodeServer(world: TempWorld, extraEnv: NodeJS.ProcessEnv = {}, options: { vsix?: string; settings?: Record<string, unknown> } = {}): Promise<CodeServer> {
  const launcher = ensureCodeServer();
  const port = await freePort();
  const dir = path.join(world.root, 'code-server');
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'code-server.log');
  const env: NodeJS.ProcessEnv = {
    ...world.processEnv,
    XDG_CONFIG_HOME: path.join(world.home, '.config'),
    XDG_DATA_HOME: path.join(world.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(world.home, '.cache'),
    TMPDIR: path.join(world.root, 'tmp'),
    ...extraEnv,
  };
  mkdirSync(env.TMPDIR!, { recursive: true });
  // A quiet workbench: no welcome page, chat or secondary side bar in the way of what is tested.
  mkdirSync(path.join(dir, 'user-data', 'User'), { recursive: true });
  writeFileSync(
    path.join(dir, 'user-data', 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      // The headless browser can lose window focus for an instant on a loaded machine, which closes
      // the Command Palette that a test opened to run a command; the palette is only its way in.
      'workbench.quickOpen.closeOnFocusLost': false,
      // A loaded test machine can take seconds to schedule an SSH handshake: pings must not time out on it.
      'dockerContexts.pingTimeoutMs': 30000,
      ...options.settings,
    }),
  );
  if (options.vsix) {
    // Installed the way a person installs it: code-server --install-extension FILE.vsix.
    execFileSync(launcher, ['--user-data-dir', path.join(dir, 'user-data'), '--extensions-dir', path.join(dir, 'extensions'), '--install-extension', options.vsix], { env, stdio: 'ignore' });
  }
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    launcher,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--reconnection-grace-time', '5',
      '--user-data-dir', path.join(dir, 'user-data'),
      '--extensions-dir', path.join(dir, 'extensions'),
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  const pid = child.pid!;
  running.add(pid);
  const stop = () => {
    running.delete(pid);
    killTree(pid);
  };
  const deadline = Date.now() + 60000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not start on port ${port}:\n${readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
  return {
    pid,
    port,
    logFile,
    workbenchUrl: (folder, extensionTestsPath, extensionPath = REPO_ROOT) => {
      const payload: string[][] = extensionPath === null ? [] : [['extensionDevelopmentPath', remote(extensionPath)]];
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    stop,
  };
}
