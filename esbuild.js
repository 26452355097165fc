// Bundles the extension into dist/extension.js and its heavy dependencies into dist/vendor/. `--production` minifies, `--watch` rebuilds.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the form VS Code's esbuild problem matcher reads. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * The heavy dependencies (SSH, X.509, archives) go into bundles of their own under dist/vendor,
 * which src/core/lazyModules.ts requires on first use: the host then reads and compiles only the
 * small extension.js at activation, not a megabyte of code that a ping or a certificate needs later.
 */
const VENDOR = {
  ssh2: 'ssh2',
  'node-forge': 'node-forge',
  tar: 'tar',
  yauzl: 'yauzl',
};

/** In extension.js, `require('ssh2')` from lazyModules becomes `require('./vendor/ssh2.js')`. */
const vendorPlugin = {
  name: 'vendor-bundles',
  setup(build) {
    const names = Object.keys(VENDOR).map((n) => n.replace(/[-/]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) =>
      /lazyModules\.ts$/.test(args.importer) ? { path: `./vendor/${VENDOR[args.path]}.js`, external: true } : undefined,
    );
  },
};

/**
 * `import * as vscode from 'vscode'` in each of some thirty files would each copy the whole API
 * object at load (esbuild's namespace wrapper for an external CommonJS module); routing them through
 * one ES module that re-exports `vscode` makes that copy once.
 */
const vscodeOncePlugin = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * ssh2 talks to Pageant (the Windows agent of PuTTY) through a small helper it ships,
 * util/pagent.exe, found next to its code: dist/vendor/ssh2.js looks in dist/util.
 */
const pageantHelperPlugin = {
  name: 'pageant-helper',
  setup(build) {
    build.onEnd(() => {
      const fs = require('fs');
      const path = require('path');
      const helper = path.join(path.dirname(require.resolve('ssh2/package.json')), 'util', 'pagent.exe');
      fs.mkdirSync(path.join('dist', 'util'), { recursive: true });
      fs.copyFileSync(helper, path.join('dist', 'util', 'pagent.exe'));
    });
  },
};

async function main() {
  const ctx = await esbuild.context({
    entryPoints: {
      extension: 'src/extension.ts',
      // The SSH_ASKPASS helper that ssh runs: plain Node, bundled on its own.
      'askpass-main': 'src/askpass/askpassMain.ts',
      ...Object.fromEntries(Object.entries(VENDOR).map(([pkg, out]) => [`vendor/${out}`, require.resolve(pkg)])),
    },
    bundle: true,
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    platform: 'node',
    target: 'node18',
    outdir: 'dist',
    // ssh2's native add-ons are optional: it falls back to pure JS when they are absent,
    // so the bundle never depends on whether they compiled on the build machine.
    external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
    logLevel: 'silent',
    plugins: [vendorPlugin, vscodeOncePlugin, pageantHelperPlugin, problemMatcherPlugin],
  });
  if (watch) {
    await ctx.watch();
  } else {
    await ctx.rebuild();
    await ctx.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
