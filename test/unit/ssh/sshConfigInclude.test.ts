import * as assert from 'assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SshConfigError, loadSshConfig } from '../../../src/core/ssh/sshConfig';

describe('~/.ssh/config Include', () => {
  let home: string;
  const write = (rel: string, text: string) => {
    const file = path.join(home, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  const load = () => loadSshConfig({ homeDir: home, localUser: 'tester', systemConfigFile: null });

  beforeEach(() => (home = mkdtempSync(path.join(os.tmpdir(), 'drc-include-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('reads the files a glob relative to ~/.ssh names, in lexical order, first value winning', async () => {
    write('.ssh/config', 'Include config.d/*.conf\n\nHost *\n  User fallback\n');
    write('.ssh/config.d/20-lab.conf', 'Host lab\n  HostName lab-second.example.com\n  Port 2200\n');
    write('.ssh/config.d/10-lab.conf', 'Host lab\n  HostName lab-first.example.com\n');
    write('.ssh/config.d/notes.txt', 'Host ignored\n');
    const config = await load();
    const lab = config.resolve('lab');
    assert.strictEqual(lab.hostname, 'lab-first.example.com');
    assert.strictEqual(lab.port, 2200);
    assert.strictEqual(lab.user, 'fallback');
    assert.deepStrictEqual(config.hostAliases(), ['lab']);
  });

  it('expands ~ and absolute paths, quotes and several files on one line, nested Includes, and skips missing ones', async () => {
    write('.ssh/config', `Include ~/extra/one "${path.join(home, 'with space', 'two')}" missing-file\n`);
    write('extra/one', 'Host one\n  HostName one.example.com\nInclude nested\n');
    write('.ssh/nested', 'Host nested\n  HostName nested.example.com\n');
    write('with space/two', 'Host two\n  HostName two.example.com\n');
    const config = await load();
    assert.deepStrictEqual(config.hostAliases(), ['one', 'nested', 'two']);
    assert.strictEqual(config.resolve('one').hostname, 'one.example.com');
    assert.strictEqual(config.resolve('two').hostname, 'two.example.com');
    // `Include nested` sits under `Host one`: for any other host ssh reads it without applying it.
    assert.strictEqual(config.resolve('nested').hostname, 'nested');
  });

  it('keeps the lines after an Include inside a Host block under that block', async () => {
    write('.ssh/config', 'Host build\n  Include build.conf\n  User ops\n');
    write('.ssh/build.conf', '  HostName build.example.com\nHost other\n  HostName other.example.com\n');
    const config = await load();
    const build = config.resolve('build');
    assert.strictEqual(build.hostname, 'build.example.com');
    assert.strictEqual(build.user, 'ops');
    assert.strictEqual(config.resolve('other').user, 'tester');
  });

  it('refuses a file that includes itself at once, as ssh does, without reading it over and over', async () => {
    write('.ssh/config', 'Include config\nHost loop\n  HostName loop.example.com\n');
    const started = Date.now();
    const config = await load();
    assert.throws(() => config.resolve('loop'), (e: unknown) => e instanceof SshConfigError && /Too many recursive configuration includes/.test(e.message));
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });
});
