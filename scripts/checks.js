#!/usr/bin/env node
// Standing checks of the project itself, each reported as a test: lint, the manifest against
// the code, and what the VSIX would hold. Ends with `N passed, N failed`.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const results = [];

function check(name, fn) {
  try {
    fn();
    results.push(true);
    console.log(`  ✔ ${name}`);
  } catch (e) {
    results.push(false);
    console.log(`  ✘ ${name}\n      ${String(e.message).split('\n').join('\n      ')}`);
  }
}

function exec(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${(r.stdout + r.stderr).trim()}`);
  return r.stdout;
}

check('ESLint passes with no warnings', () => exec('npx', ['eslint', 'src', 'test', '--max-warnings', '0']));

check('every contributed command is registered, and every registered command is contributed', () => {
  const source = fs.readFileSync(path.join(root, 'src/commands/registerCommands.ts'), 'utf8');
  const block = /export const COMMANDS[^{]*{([\s\S]*?)\n};/.exec(source)?.[1] ?? '';
  const registered = new Set([...block.matchAll(/'(dockerContexts\.\w+)'\s*:/g)].map((m) => m[1]));
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
  const missing = [...contributed].filter((c) => !registered.has(c));
  const extra = [...registered].filter((c) => !contributed.has(c));
  if (missing.length || extra.length) throw new Error(`contributed but not registered: ${missing.join(', ') || '-'}; registered but not contributed: ${extra.join(', ') || '-'}`);
  for (const c of manifest.contributes.commands) {
    if (!c.command.startsWith('dockerContexts.')) throw new Error(`${c.command} is not a dockerContexts.* command`);
    if (c.category !== '%category%') throw new Error(`${c.command} has no "Docker Contexts" category`);
  }
});

check('every %key% of package.json has a string in package.nls.json', () => {
  const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
  const keys = [...JSON.stringify(manifest).matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]);
  const missing = keys.filter((k) => typeof nls[k] !== 'string');
  if (missing.length) throw new Error(`missing in package.nls.json: ${missing.join(', ')}`);
});

check('l10n/bundle.l10n.json holds every string the code passes to vscode.l10n.t (npm run l10n)', () => {
  const os = require('os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-check-'));
  try {
    exec('npx', ['vscode-l10n-dev', 'export', '--outDir', dir, './src']);
    const fresh = JSON.parse(fs.readFileSync(path.join(dir, 'bundle.l10n.json'), 'utf8'));
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8'));
    const missing = Object.keys(fresh).filter((k) => !(k in committed));
    if (missing.length) throw new Error(`not in l10n/bundle.l10n.json (run npm run l10n): ${missing.slice(0, 5).join(' | ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

check('activation stays lazy: no activation events, no "*"', () => {
  if ((manifest.activationEvents ?? []).length !== 0) throw new Error(`activationEvents: ${JSON.stringify(manifest.activationEvents)}`);
});

check('the VSIX holds only runtime files', () => {
  const files = exec('npx', ['vsce', 'ls', '--no-dependencies'])
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const allowed = /^(dist\/extension\.js|dist\/vendor\/[\w.-]+\.js|dist\/util\/pagent\.exe|media\/.+|docs\/images\/[\w.-]+\.png|package\.json|package\.nls(\.[\w-]+)?\.json|README\.md|CHANGELOG\.md|LICENSE|l10n\/.+)$/;
  const stray = files.filter((f) => !allowed.test(f));
  if (stray.length) throw new Error(`unexpected files in the VSIX: ${stray.join(', ')}`);
  // Every bundle that extension.js loads lazily must ship with it.
  const bundle = fs.readFileSync(path.join(root, 'dist', 'extension.js'), 'utf8');
  const vendored = [...bundle.matchAll(/require\("\.\/(vendor\/[\w.-]+\.js)"\)/g)].map((m) => `dist/${m[1]}`);
  if (vendored.length === 0) throw new Error('dist/extension.js loads no bundle from dist/vendor: the heavy dependencies went into it');
  // ssh2 finds its Pageant helper next to its own bundle.
  const pageant = fs.readFileSync(path.join(root, 'dist', 'vendor', 'ssh2.js'), 'utf8').includes('util/pagent.exe') ? ['dist/util/pagent.exe'] : [];
  for (const needed of ['dist/extension.js', ...vendored, ...pageant, 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    if (!files.includes(needed)) throw new Error(`the VSIX lacks ${needed}`);
  }
});

const passed = results.filter(Boolean).length;
console.log(`checks: ${passed} passed, ${results.length - passed} failed`);
process.exitCode = passed === results.length ? 0 : 1;
