#!/usr/bin/env node
// Runs every test tier in order and ends with the line `N passed, N failed` totalled over all.
// Tiers: checks (lint, manifest), unit, integration (real dockerd + sshd), host (the real
// extension host in code-server), e2e (code-server in Chromium). `--only unit,host` runs some.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const artifacts = path.join(root, '.test-artifacts');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const { endLeftovers } = require('./leftovers');

// `limitS`: a tier still running then is ended (with everything it started) and counts as failed.
const TIERS = [
  // The checks (lint, manifest, VSIX) run beside the unit tier, their output printed when they end.
  { name: 'checks', cmd: 'node', args: ['scripts/checks.js'], limitS: 180, besideNext: true },
  { name: 'unit', cmd: npx, args: ['mocha', '--config', 'test/unit/.mocharc.json'], limitS: 240 },
  { name: 'integration', cmd: npx, args: ['mocha', '--config', 'test/integration/.mocharc.json'], limitS: 420 },
  { name: 'host', cmd: 'node', args: ['out/test/host/runHostTests.js'], limitS: 600 },
  { name: 'e2e', cmd: npx, args: ['mocha', '--config', 'test/e2e/.mocharc.json'], limitS: 600 },
];

/** Reads the counts a tier printed: mocha's spec summary, or our own `N passed, N failed`. */
function countsOf(output) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const own = [...plain.matchAll(/^\s*(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/gm)].pop();
  if (own) return { passed: +own[1], failed: +own[2], skipped: +(own[3] ?? 0) };
  const passing = /(\d+) passing/.exec(plain);
  const failing = /(\d+) failing/.exec(plain);
  const pending = /(\d+) pending/.exec(plain);
  if (!passing && !failing) return undefined;
  return { passed: +(passing?.[1] ?? 0), failed: +(failing?.[1] ?? 0), skipped: +(pending?.[1] ?? 0) };
}

/**
 * Runs one tier in a process group of its own, every process it starts marked in its
 * environment. When it ends (or overruns its limit) the group is ended and so is any marked
 * process still alive, wherever it moved to: a leftover counts as a failure of the tier.
 */
function run(tier) {
  return new Promise((resolve) => {
    const started = Date.now();
    // A tier beside another keeps its output until it ends, so the two never interleave.
    const buffered = tier.besideNext === true;
    const say = (text) => (buffered ? (held += text) : process.stdout.write(text));
    let held = '';
    say(`\n=== ${tier.name} ===\n`);
    const marker = `${tier.name}-${process.pid}-${started}`;
    const child = spawn(tier.cmd, tier.args, {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0', DRC_TEST_RUN: marker },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let overran = false;
    const limit = setTimeout(() => {
      overran = true;
      say(`=== ${tier.name}: still running after ${tier.limitS} s; ending it ===\n`);
      killGroup(child.pid, 'SIGKILL');
    }, tier.limitS * 1000);
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      say(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      if (buffered) held += d;
      else process.stderr.write(d);
    });
    child.on('close', async (code) => {
      clearTimeout(limit);
      killGroup(child.pid, 'SIGKILL');
      const left = await endLeftovers(marker);
      for (const p of left) say(`=== ${tier.name} left a process running: ${p.pid} ${p.command} ===\n`);
      let counts = countsOf(output);
      if (!counts) counts = { passed: 0, failed: 1, skipped: 0 };
      // A tier that failed without reporting a failing test, overran, or left processes behind still failed.
      if ((code !== 0 || overran || left.length > 0) && counts.failed === 0) counts.failed = 1;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      say(`=== ${tier.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s, exit ${code}) ===\n`);
      resolve({ tier: tier.name, ...counts, code, seconds, held });
    });
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group has ended already.
  }
}

async function main() {
  const only = process.argv.indexOf('--only');
  const wanted = only >= 0 ? process.argv[only + 1].split(',') : undefined;
  const results = [];
  let beside = [];
  // A tier that ran beside the next one is printed, in one block, once that one has ended.
  const printBeside = async () => {
    for (const r of await Promise.all(beside)) {
      process.stdout.write(r.held);
      results.push(r);
    }
    beside = [];
  };
  for (const tier of TIERS) {
    if (wanted && !wanted.includes(tier.name)) continue;
    if (tier.besideNext) beside.push(run(tier));
    else {
      const r = await run(tier);
      await printBeside();
      results.push(r);
    }
  }
  await printBeside();
  const passed = results.reduce((n, r) => n + r.passed, 0);
  // A skipped test is a failure: every test here needs parts that this machine can have.
  const failed = results.reduce((n, r) => n + r.failed + r.skipped, 0);
  console.log('\nSummary:');
  for (const r of results) console.log(`  ${r.tier.padEnd(12)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped  (${r.seconds} s)`);
  const line = `${passed} passed, ${failed} failed`;
  fs.mkdirSync(artifacts, { recursive: true });
  fs.writeFileSync(path.join(artifacts, 'summary.txt'), line + '\n');
  console.log(line);
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();
