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

/** Loads one of the constants files of src/constants (plain data; its type imports vanish when transpiled). */
function loadConstants(file) {
  const ts = require('typescript');
  const source = fs.readFileSync(path.join(root, 'src', 'constants', file), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputText)(module, module.exports, (name) => {
    throw new Error(`src/constants/${file} must stay plain data, but requires ${name} at run time`);
  });
  return module.exports;
}

const commands = loadConstants('commands.ts');
const keys = loadConstants('contextKeys.ts');
const commandIds = new Set(Object.values(commands.Commands));

check('every command of src/constants/commands.ts is contributed, and every contributed command is one of them', () => {
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
  const missing = [...commandIds].filter((c) => !contributed.has(c));
  const extra = [...contributed].filter((c) => !commandIds.has(c));
  if (missing.length || extra.length) throw new Error(`not contributed: ${missing.join(', ') || '-'}; contributed but unknown to the code: ${extra.join(', ') || '-'}`);
  for (const c of manifest.contributes.commands) {
    if (!c.command.startsWith('dockerContexts.')) throw new Error(`${c.command} is not a dockerContexts.* command`);
    if (c.category !== '%category%') throw new Error(`${c.command} has no "Docker Contexts" category`);
  }
  for (const id of Object.values(commands.TestCommands)) if (contributed.has(id)) throw new Error(`${id} is for the host tests only and must not be contributed`);
});

check('every command registerCommands.ts registers comes from the Commands constants, each once', () => {
  const source = fs.readFileSync(path.join(root, 'src/commands/registerCommands.ts'), 'utf8');
  const block = /const HANDLERS[^{]*{([\s\S]*?)\n};/.exec(source)?.[1] ?? '';
  const used = [...block.matchAll(/\[Commands\.(\w+)\]\s*:/g)].map((m) => m[1]);
  const names = Object.keys(commands.Commands);
  const missing = names.filter((n) => !used.includes(n));
  const doubled = used.filter((n, i) => used.indexOf(n) !== i);
  if (missing.length || doubled.length) throw new Error(`without a handler: ${missing.join(', ') || '-'}; twice: ${doubled.join(', ') || '-'}`);
});

/** The clauses of a `when` expression as [key, operator, value] (operator and value empty for a bare key). */
function whenClauses(expression) {
  const tokens = [];
  let i = 0;
  while (i < expression.length) {
    const rest = expression.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const afterMatch = tokens[tokens.length - 1] === '=~';
    const m = (afterMatch && /^\/(?:\\.|[^/\\])*\/[a-z]*/.exec(rest)) || /^(&&|\|\||==|!=|=~|!|\(|\)|'[^']*'|"[^"]*"|[^\s&|()!=~]+)/.exec(rest);
    if (!m) throw new Error(`cannot read the when clause "${expression}" at ${i}`);
    tokens.push(m[0]);
    i += m[0].length;
  }
  const clauses = [];
  for (let t = 0; t < tokens.length; t++) {
    if (['&&', '||', '!', '(', ')'].includes(tokens[t])) continue;
    const key = tokens[t];
    let op = '';
    let value = '';
    if (['==', '!=', '=~', 'in'].includes(tokens[t + 1])) [op, value, t] = [tokens[t + 1], tokens[t + 2] ?? '', t + 2];
    else if (tokens[t + 1] === 'not' && tokens[t + 2] === 'in') [op, value, t] = ['not in', tokens[t + 3] ?? '', t + 3];
    clauses.push([key, op, value.replace(/^['"]|['"]$/g, '')]);
  }
  return clauses;
}

check('every `when` clause of package.json uses known context keys, views and row kinds (src/constants/contextKeys.ts)', () => {
  const ours = new Set(Object.values(keys.ContextKeys));
  const views = new Set(Object.values(keys.Views));
  const rows = Object.values(keys.RowKinds);
  const whens = [];
  const c = manifest.contributes;
  for (const [where, items] of Object.entries(c.menus ?? {})) for (const i of items) if (i.when) whens.push([`menus.${where} ${i.command}`, i.when]);
  for (const [where, items] of Object.entries(c.views ?? {})) for (const i of items) if (i.when) whens.push([`views.${where} ${i.id}`, i.when]);
  for (const i of c.viewsWelcome ?? []) if (i.when) whens.push([`viewsWelcome ${i.view}`, i.when]);
  for (const i of c.keybindings ?? []) if (i.when) whens.push([`keybindings ${i.command}`, i.when]);
  const problems = [];
  for (const [where, when] of whens) {
    for (const [key, op, value] of whenClauses(when)) {
      if (key === 'false' || key === 'true') continue;
      if (!ours.has(key) && !keys.EDITOR_CONTEXT_KEYS.includes(key)) problems.push(`${where}: unknown context key ${key}`);
      if (key === 'view' && !views.has(value)) problems.push(`${where}: unknown view ${value}`);
      if (key === 'viewItem') {
        const matches = op === '=~' ? (() => { const m = /^\/(.*)\/([a-z]*)$/.exec(value); const re = new RegExp(m[1], m[2]); return rows.filter((r) => re.test(r)); })() : rows.filter((r) => r === value);
        if (!matches.length) problems.push(`${where}: viewItem ${op} ${value} matches no row kind (${rows.join(', ')})`);
      }
    }
  }
  for (const view of Object.values(c.views ?? {}).flat()) if (!views.has(view.id)) problems.push(`the view ${view.id} is not in Views`);
  for (const [where, items] of Object.entries(c.menus ?? {})) for (const i of items) if (!commandIds.has(i.command)) problems.push(`menus.${where}: unknown command ${i.command}`);
  if (problems.length) throw new Error(problems.join('\n'));
});

check('the commands that need a row are hidden from the Command Palette, and only those', () => {
  const hidden = new Set((manifest.contributes.menus?.commandPalette ?? []).filter((i) => i.when === 'false').map((i) => i.command));
  const treeOnly = new Set(commands.TREE_ONLY_COMMANDS);
  const shown = [...treeOnly].filter((c) => !hidden.has(c));
  const needless = [...hidden].filter((c) => !treeOnly.has(c));
  if (shown.length || needless.length) throw new Error(`tree-only but in the palette: ${shown.join(', ') || '-'}; hidden but not tree-only: ${needless.join(', ') || '-'}`);
});

check('command ids, view ids and context keys are written only in src/constants', () => {
  const known = new Set([...commandIds, ...Object.values(commands.TestCommands), ...Object.values(keys.ContextKeys), ...Object.values(keys.Views), keys.STATUS_BAR_ID]);
  const offenders = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== path.join(root, 'src', 'constants')) walk(full);
      } else if (entry.name.endsWith('.ts')) {
        const code = fs.readFileSync(full, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        for (const m of code.matchAll(/['"`](dockerContexts\.[\w.]+)['"`]/g)) if (known.has(m[1])) offenders.push(`${path.relative(root, full)}: ${m[1]}`);
      }
    }
  };
  walk(path.join(root, 'src'));
  if (offenders.length) throw new Error(`use the constants instead:\n${offenders.join('\n')}`);
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
  const allowed = /^(dist\/extension\.js|dist\/askpass-main\.js|dist\/vendor\/[\w.-]+\.js|dist\/util\/pagent\.exe|media\/.+|docs\/images\/[\w.-]+\.png|package\.json|package\.nls(\.[\w-]+)?\.json|README\.md|CHANGELOG\.md|LICENSE|l10n\/.+)$/;
  const stray = files.filter((f) => !allowed.test(f));
  if (stray.length) throw new Error(`unexpected files in the VSIX: ${stray.join(', ')}`);
  // Every bundle that extension.js loads lazily must ship with it.
  const bundle = fs.readFileSync(path.join(root, 'dist', 'extension.js'), 'utf8');
  const vendored = [...bundle.matchAll(/require\("\.\/(vendor\/[\w.-]+\.js)"\)/g)].map((m) => `dist/${m[1]}`);
  if (vendored.length === 0) throw new Error('dist/extension.js loads no bundle from dist/vendor: the heavy dependencies went into it');
  // ssh2 finds its Pageant helper next to its own bundle.
  const pageant = fs.readFileSync(path.join(root, 'dist', 'vendor', 'ssh2.js'), 'utf8').includes('util/pagent.exe') ? ['dist/util/pagent.exe'] : [];
  // ssh runs the askpass helper to bring its prompts to the editor.
  for (const needed of ['dist/extension.js', 'dist/askpass-main.js', ...vendored, ...pageant, 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    if (!files.includes(needed)) throw new Error(`the VSIX lacks ${needed}`);
  }
});

const passed = results.filter(Boolean).length;
console.log(`checks: ${passed} passed, ${results.length - passed} failed`);
process.exitCode = passed === results.length ? 0 : 1;
