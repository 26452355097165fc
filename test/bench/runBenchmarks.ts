import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchRow } from './benchRow';
import { activationBenchmarks } from './activationBench';
import { certificateBenchmarks } from './certificateBench';
import { storeBenchmarks } from './storeBench';
import { hostPingBenchmarks } from './hostPingBench';
import { opensshBenchmarks } from './opensshBench';
import { transportBenchmarks } from './transportBench';
import { watchBenchmarks } from './watchBench';

const root = path.resolve(__dirname, '..', '..', '..');

/** A part of the benchmark that needs more than this process (the rig, an extension host). */
export type BenchPart = () => Promise<BenchRow[]>;

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const cli = (() => {
    try {
      return execFileSync('docker', ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'docker CLI: not found';
    }
  })();
  const ssl = (() => {
    try {
      return execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'openssl: not found';
    }
  })();
  return `${os.type()} ${os.release()}, ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${cli}; ${ssl}`;
}

export function table(rows: readonly BenchRow[]): string {
  const lines = ['| what | ours | reference | ratio |', '| --- | ---: | --- | ---: |'];
  for (const r of rows) lines.push(`| ${r.name} | ${r.ours} ${r.unit} | ${r.referenceName}: ${r.reference} ${r.unit} | ${r.ratio.toFixed(3)} |`);
  return lines.join('\n');
}

/** Runs every part, prints the table and writes docs/benchmarks.md. */
export async function runBenchmarks(extraParts: readonly BenchPart[] = []): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const part of [storeBenchmarks, () => transportBenchmarks(), () => opensshBenchmarks(), () => certificateBenchmarks(), () => activationBenchmarks(), () => hostPingBenchmarks(), () => watchBenchmarks(), ...extraParts]) {
    const got = await part();
    for (const r of got) console.log(`${r.name}: ours ${r.ours} ms, ${r.referenceName} ${r.reference} ms, ratio ${r.ratio}`);
    rows.push(...got);
  }
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(root, `docker-remote-contexts-${version}.vsix`);
  const size = existsSync(vsix) ? `${(statSync(vsix).size / 1024).toFixed(0)} KiB` : 'not built (run npm run package first)';
  const text = [
    '# Benchmarks',
    '',
    'Made by `npm run bench`: every row measured side by side in one run, medians, ratio = ours / reference (below 1 is faster).',
    'Ours is measured in process (as the extension runs it); the docker CLI, curl and the openssl recipe are whole commands, process start included.',
    'Pings run against the real rig of the integration tests: dockerd on a unix socket and on TLS, and OpenSSH on 127.0.0.1; "cold" opens a new connection (SSH or TLS handshake included), "warm" reuses the open one, as the extension does between pings.',
    'Activation and the explorer rows are measured inside a real extension host (code-server), against their budgets. The extension stamps the time its bundle starts to run, has run, and activate() starts and ends;',
    'the probe in the host stamps its call and the resolved promise. "Load, compile, run and activate()" is from the call to the end of activate() less the time the host spends preparing the extension context',
    '(storage and round trips to the workbench, which every extension waits for); the next row shows the whole call beside an empty extension that only requires vscode, on the same host.',
    '',
    `Machine: ${machine()}`,
    '',
    table(rows),
    '',
    `VSIX size: ${size} (budget 1,024 KiB)`,
    '',
  ].join('\n');
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  writeFileSync(path.join(root, 'docs', 'benchmarks.md'), text);
  console.log('\n' + text);
  return rows;
}

if (require.main === module) {
  runBenchmarks().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
