#!/usr/bin/env node
// `npm start`: opens VS Code with this extension loaded from source. Uses VS Code desktop
// (`code --extensionDevelopmentPath`) where `code` is on PATH; otherwise starts code-server
// (installed once by ensure-code-server.sh) on 127.0.0.1 and prints its address.
// Everything either writes (settings, extensions, logs, code-server's own files) stays under the
// cache folder: $DOCKER_CONTEXTS_CACHE, else $XDG_CACHE_HOME/docker-remote-contexts, else
// ~/.cache/docker-remote-contexts. DRC_USE_CODE_SERVER=1 picks code-server even where `code` exists;
// PORT picks code-server's port.
const { spawn, spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
// The same rule as ensure-code-server.sh.
const cache = process.env.DOCKER_CONTEXTS_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'docker-remote-contexts');

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function desktop() {
  const dir = path.join(cache, 'start', 'desktop');
  const args = ['--user-data-dir', path.join(dir, 'user-data'), '--extensions-dir', path.join(dir, 'extensions')];
  // VS Code refuses to run as root without these two: its own user data folder, and no sandbox.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  console.log(`Opening VS Code with the extension loaded from ${root}\n(its settings and extensions for this: ${dir})`);
  const child = spawn('code', [...args, '--extensionDevelopmentPath', root, root], { stdio: 'inherit', shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

/**
 * code-server's own remote "Machine" settings: integrated terminals get back the XDG folders
 * this window had before code-server was pointed at the cache (a null removes the variable), so
 * a shell there finds the person's usual configuration. Left alone if someone made it JSONC.
 */
function restoreXdgInTerminals(userData) {
  const file = path.join(userData, 'Machine', 'settings.json');
  let settings = {};
  try {
    settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if (e.code !== 'ENOENT') return;
  }
  const env = { ...settings['terminal.integrated.env.linux'] };
  for (const name of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME']) env[name] = process.env[name] ?? null;
  settings['terminal.integrated.env.linux'] = env;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
}

/**
 * Lines code-server prints even at --log warn that are not a problem, so that what remains on
 * the terminal is worth reading.
 */
const QUIET = [
  // VS Code says which reconnection grace time it uses, default or not.
  /^\[reconnection-grace-time\]/,
  // vsda signs connections in Microsoft's own builds only; the workbench asks for it and goes on without.
  /^File not found: .*[\\/]vsda[\\/]/,
  // The agent host (chat) says where it listens.
  /^\[IPC Library: Agent Host\] Agent host server listening/,
  /^\s*$/,
];
/**
 * A browser tab that closes or reloads drops its connection, and code-server prints the reset
 * with its stack: the line, then indented lines and a closing brace.
 */
const QUIET_BLOCK = /^(\[[\d:]+\] )?Error: read ECONNRESET$/;

/** Copies a child's output line by line, leaving out the QUIET lines and blocks. */
function passOn(from, to) {
  let inBlock = false;
  require('readline')
    .createInterface({ input: from, crlfDelay: Infinity })
    .on('line', (line) => {
      if (inBlock && /^(\s|}$)/.test(line)) return;
      inBlock = QUIET_BLOCK.test(line);
      if (!inBlock && !QUIET.some((re) => re.test(line))) to.write(line + '\n');
    });
}

async function codeServer() {
  const launcher = execFileSync('bash', [path.join(root, 'scripts/ensure-code-server.sh')], {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_CONTEXTS_CACHE: cache },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop();
  const port = Number(process.env.PORT) || (await freePort());
  const dir = path.join(cache, 'start', 'code-server');
  const userData = path.join(dir, 'user-data');
  const xdg = { XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data'), XDG_CACHE_HOME: path.join(dir, 'cache') };
  // code-server opens its session socket inside the user data folder before VS Code creates it.
  for (const folder of [userData, ...Object.values(xdg)]) fs.mkdirSync(folder, { recursive: true });
  restoreXdgInTerminals(userData);
  const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`]]));
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(root)}&payload=${payload}`;
  const child = spawn(
    launcher,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      // Warnings and errors only; the rest is in the log files (see QUIET).
      '--log', 'warn',
      // Loads the extension from source through the workbench address's payload.
      '--vscode-option', 'enable-smoke-test-driver',
      '--user-data-dir', userData,
      '--extensions-dir', path.join(dir, 'extensions'),
      root,
    ],
    // code-server keeps its config.yaml, logs and heartbeat in the XDG folders, VS Code's
    // machine id in the cache one: all three point under the cache folder.
    { env: { ...process.env, ...xdg }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  passOn(child.stdout, process.stdout);
  passOn(child.stderr, process.stderr);
  console.log(
    `\nVS Code (code-server) with Docker Remote Contexts loaded from source:\n\n  ${url}\n\n` +
      `Open that address in a browser; Ctrl+C stops it.\n` +
      `Settings and extensions of this window: ${dir}\n` +
      `Logs: ${path.join(userData, 'logs')} (VS Code), ${path.join(xdg.XDG_DATA_HOME, 'code-server', 'coder-logs')} (code-server)\n`,
  );
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // 'close', not 'exit': after the last of its output has been passed on.
  child.on('close', (code) => process.exit(code ?? 0));
}

async function main() {
  if (has('code') && !process.env.DRC_USE_CODE_SERVER) desktop();
  else await codeServer();
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
