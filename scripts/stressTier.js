#!/usr/bin/env node
// The stress proof of a test tier: runs it again and again (default: the browser tier, 10 times)
// while other processes keep every core busy, and stops at the first failing run.
//   node scripts/stressTier.js [--tier e2e] [--runs 10]
// A test that fails one run in three fails here; fix its race rather than retrying it.
const { spawn, spawnSync } = require('child_process');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const tier = arg('tier', 'e2e');
const runs = Number(arg('runs', '10'));

/** One busy loop per core, at normal priority, as another build on the machine would be. */
function startBurners() {
  return os.cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function main() {
  const build = spawnSync('npm', ['run', 'pretest'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const burners = startBurners();
  const stop = () => burners.forEach((b) => b.kill('SIGKILL'));
  process.on('exit', stop);
  process.on('SIGINT', () => process.exit(130));
  console.log(`${burners.length} busy loops keep every core busy; running the ${tier} tier ${runs} times`);
  const started = Date.now();
  for (let i = 1; i <= runs; i++) {
    const t = Date.now();
    const run = spawnSync(process.execPath, ['scripts/testAll.js', '--only', tier], { cwd: root, encoding: 'utf8' });
    const summary = (run.stdout.trim().split('\n').pop() ?? '').trim();
    console.log(`run ${i}/${runs}: ${summary} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    if (run.status !== 0) {
      process.stdout.write(run.stdout.split('\n').slice(-80).join('\n') + '\n');
      console.log(`the ${tier} tier failed in run ${i} of ${runs} under load`);
      process.exit(1);
    }
  }
  console.log(`the ${tier} tier passed ${runs} times in a row under load, in ${((Date.now() - started) / 60000).toFixed(1)} min`);
  // The busy loops are children that keep this process alive: end them, and it, here.
  process.exit(0);
}

main();
