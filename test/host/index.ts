import { appendFileSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/**
 * Runs the host suites inside the extension host (the entry point both @vscode/test-electron and
 * code-server's test driver call). The exit code does not come back from a browser-hosted
 * extension host, so the outcome is also written to DRC_TEST_RESULT_FILE, and what a reporter
 * would print to DRC_TEST_LOG_FILE. The runner passes its own environment through, so
 * `DRC_HOST_GREP='Certificates in the editor' npm run test:host` runs one suite.
 */
export function run(): Promise<void> {
  const logFile = process.env.DRC_TEST_LOG_FILE;
  const resultFile = process.env.DRC_TEST_RESULT_FILE;
  const print = (line: string) => {
    if (logFile) appendFileSync(logFile, line + '\n');
    else console.log(line);
  };
  const originalLog = console.log;
  console.log = (...args: unknown[]) => print(args.map(String).join(' '));

  // DRC_HOST_GREP runs only the tests whose full title matches it (a suite's describe title, say).
  const grep = process.env.DRC_HOST_GREP || undefined;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, reporter: function Silent() {} as unknown as string, color: false, grep });
  const suiteDir = path.join(__dirname, 'suite');
  for (const f of readdirSync(suiteDir).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(suiteDir, f));

  return new Promise<void>((resolve, reject) => {
    let passed = 0;
    const failures: Array<{ title: string; error: string }> = [];
    let depth = 0;
    const runner = mocha.run((failed) => {
      console.log = originalLog;
      print(`\n  ${passed} passing\n  ${failures.length} failing`);
      failures.forEach((f, i) => print(`\n  ${i + 1}) ${f.title}\n     ${f.error.split('\n').join('\n     ')}`));
      if (resultFile) writeFileSync(resultFile, JSON.stringify({ passed, failed: failures.length, failures }));
      if (failed > 0) reject(new Error(`${failed} host tests failed`));
      else resolve();
    });
    runner.on('suite', (s) => {
      if (s.title) print(`${'  '.repeat(depth)}${s.title}`);
      if (s.title) depth++;
    });
    runner.on('suite end', (s) => {
      if (s.title) depth--;
    });
    runner.on('pass', (t) => {
      passed++;
      print(`${'  '.repeat(depth)}✔ ${t.title} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t, err: Error) => {
      failures.push({ title: t.fullTitle(), error: err.stack ?? err.message });
      print(`${'  '.repeat(depth)}✘ ${t.title}`);
    });
  });
}
