#!/usr/bin/env node
// `npm start`: opens VS Code with this extension loaded from source. Uses `code
// --extensionDevelopmentPath` where VS Code desktop is installed; otherwise starts code-server
// (installed once into ~/.cache/docker-remote-contexts) on 127.0.0.1 and prints its address.
const { spawn, spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');

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

async function main() {
  if (has('code') && !process.env.DRC_USE_CODE_SERVER) {
    console.log('Opening VS Code with the extension loaded from', root);
    spawn('code', ['--extensionDevelopmentPath', root, root], { stdio: 'inherit' });
    return;
  }
  const launcher = execFileSync('bash', [path.join(root, 'scripts/ensure-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
  const port = Number(process.env.PORT) || (await freePort());
  const data = path.join(os.homedir(), '.cache', 'docker-remote-contexts', 'start');
  fs.mkdirSync(data, { recursive: true });
  const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`]]));
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(root)}&payload=${payload}`;
  const child = spawn(
    launcher,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      // Loads the extension from source through the workbench address's payload.
      '--vscode-option', 'enable-smoke-test-driver',
      '--user-data-dir', path.join(data, 'user-data'),
      '--extensions-dir', path.join(data, 'extensions'),
      root,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  console.log(`\nVS Code (code-server) with Docker Remote Contexts loaded from source:\n\n  ${url}\n\nOpen that address in a browser; Ctrl+C stops it.\n`);
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
