import * as assert from 'assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, TestCommands } from '../../../src/constants/commands';
import type { PingResult } from '../../../src/core/ping/pingTypes';
import { createCa, issueCertificate } from '../../rig/tlsFixtures';
import { contextMeta, dockerConfig, resetStore, testStore, waitForSnapshot } from './hostWorld';
import { internals, publicApi } from './internals';

/** Runs a command as an API caller does and returns its rejection's message. */
async function refusal(id: string, arg: unknown): Promise<string> {
  try {
    await vscode.commands.executeCommand(id, arg);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  assert.fail(`${id} took ${JSON.stringify(arg)}`);
}

/** The row of the Contexts view for `name`, as a menu hands it to a command. */
async function row(name: string) {
  const a = await internals();
  await a.model.refresh();
  const found = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === name);
  assert.ok(found, `no row for ${name}`);
  return found;
}

describe('Command arguments: every form a caller may pass, and what a wrong one gets', function () {
  this.timeout(120000);
  let scratch: string;
  before(() => (scratch = mkdtempSync(path.join(dockerConfig(), '..', 'arguments-'))));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  beforeEach(resetStore);

  it('takes a name, { name } and a row alike in every command that names a context', async () => {
    await testStore().write(contextMeta('alike', 'tcp://127.0.0.1:1'));
    for (const arg of ['alike', { name: 'alike' }, await row('alike')]) {
      assert.strictEqual(await vscode.commands.executeCommand(Commands.use, arg), 'alike');
      const text = await vscode.commands.executeCommand<string>(Commands.inspect, arg);
      assert.strictEqual((JSON.parse(text) as { Name: string }[])[0].Name, 'alike');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    for (const arg of ['alike', { name: 'alike' }]) assert.strictEqual((await vscode.commands.executeCommand<PingResult>(Commands.ping, arg)).context, 'alike');
    // Renewal with a name alone gets past its argument and says why this context cannot be renewed.
    assert.match(await refusal(Commands.renewClientCertificate, 'alike'), /"alike" has no client certificate to renew/);
    assert.match(await refusal(Commands.renewClientCertificate, { name: 'alike' }), /"alike" has no client certificate to renew/);
  });

  it('refuses days that would replace a working certificate with a broken one, naming the field, and keeps the old one', async () => {
    const ca = await createCa({ dir: path.join(scratch, 'ca'), days: 400 });
    const leaf = await issueCertificate(ca, { dir: path.join(scratch, 'ca'), certName: 'cert.pem', keyName: 'key.pem', usage: 'client' });
    await vscode.commands.executeCommand(Commands.createTlsContext, { name: 'kept', host: 'tcp://h:2376', ca: ca.certFile, cert: leaf.certFile, key: leaf.keyFile });
    const before = readFileSync((await testStore().get('kept')).tls.cert!, 'utf8');
    for (const days of [0, -1, 36501, 1.5, 'abc', null]) {
      const message = await refusal(Commands.renewClientCertificate, { name: 'kept', caKey: ca.keyFile, days });
      assert.strictEqual(message, 'dockerContexts.renewClientCertificate: days must be a whole number from 1 to 36500.', String(days));
    }
    assert.strictEqual(readFileSync((await testStore().get('kept')).tls.cert!, 'utf8'), before);
  });

  it('names the field and what it must be for values of the wrong type, and writes nothing', async () => {
    const outputDir = path.join(scratch, 'never');
    assert.strictEqual(await refusal(Commands.generateCertificates, { hostnames: ['h'], ips: [null], outputDir }), 'dockerContexts.generateCertificates: ips[0] must be an IPv4 or IPv6 address.');
    assert.strictEqual(
      await refusal(Commands.generateCertificates, { hostnames: ['h'], ips: [], outputDir, existingCa: 'ca.pem' }),
      'dockerContexts.generateCertificates: existingCa must be { cert, key, passphrase? }.',
    );
    assert.match(await refusal(Commands.generateCertificates, { hostnames: ['h'], ips: [], outputDir, keySize: 1024 }), /keySize must be one of 4096, 3072, 2048/);
    assert.match(await refusal(Commands.generateCertificates, { hostnames: ['bad_name!'], ips: [], outputDir }), /hostnames\[0\] must be a DNS name\. "bad_name!" is not a valid DNS name/);
    assert.ok(!existsSync(outputDir));
    assert.match(await refusal(Commands.createSshContext, { name: 'a', host: 'ssh://u@h' }), /^dockerContexts\.createSshContext: name must be a new context name\./);
    assert.strictEqual(await refusal(Commands.createSshContext, 'ssh://u@h'), 'dockerContexts.createSshContext takes { name, host, description?, test? }.');
    assert.strictEqual(await refusal(Commands.edit, { name: 'x', tls: 'drop' }), 'dockerContexts.edit: tls must be one of "keep", "remove", { ca, cert, key } or { certDir }.');
    assert.match(await refusal(Commands.importContext, { file: 'relative.tar', name: 'imported' }), /file must be the absolute path of a file\. "relative\.tar" is not an absolute path\./);
    assert.deepStrictEqual(readdirSync(dockerConfig()).filter((f) => f === 'contexts'), []);
  });

  it('refuses a mistyped option by name instead of leaving it out, and changes nothing', async () => {
    await testStore().write(contextMeta('typo', 'tcp://t:2376'));
    assert.strictEqual(
      await refusal(Commands.remove, { name: 'typo', forse: true }),
      'dockerContexts.remove: forse is not an argument it takes; it takes a context name or { name, force? }.',
    );
    assert.ok(testStore().exists('typo'));
    assert.strictEqual(await refusal(Commands.refresh, { now: true }), 'dockerContexts.refresh takes no argument.');
  });

  it('links the expiry warning to renewing that very context, and trusts only that command', async () => {
    const a = await internals();
    const dir = path.join(scratch, 'soon');
    const ca = await createCa({ dir, days: 400 });
    const leaf = await issueCertificate(ca, { dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client', notAfter: new Date(Date.now() + 3 * 86400000) });
    await vscode.commands.executeCommand(Commands.createTlsContext, { name: 'soon', host: 'tcp://h:2376', ca: ca.certFile, cert: leaf.certFile, key: leaf.keyFile });
    await waitForSnapshot(a, (s) => s.expiry.soon !== undefined);
    const tooltip = a.view.getTreeItem(await row('soon')).tooltip as vscode.MarkdownString;
    const link = /\]\((command:[^)]+)\)/.exec(tooltip.value)?.[1];
    assert.ok(link, tooltip.value);
    const uri = vscode.Uri.parse(link);
    assert.strictEqual(uri.path, Commands.renewClientCertificate);
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(uri.query)), [{ name: 'soon' }]);
    assert.deepStrictEqual(tooltip.isTrusted, { enabledCommands: [Commands.renewClientCertificate] });
  });

  it('gives other extensions a frozen, versioned API of plain values, and the tests their internals apart', async () => {
    const api = await publicApi();
    assert.deepStrictEqual(Object.keys(api).sort(), ['currentContext', 'listContexts', 'onDidChange', 'ping', 'version']);
    assert.strictEqual(api.version, 1);
    assert.ok(Object.isFrozen(api));
    const changed = new Promise<void>((resolve) => {
      const sub = api.onDidChange(() => (sub.dispose(), resolve()));
    });
    await testStore().write(contextMeta('listed', 'ssh://ops@listed.example.com', 'for the API'));
    await (await internals()).model.refresh();
    await changed;
    const listed = (await api.listContexts()).find((c) => c.name === 'listed');
    assert.deepStrictEqual(listed, { name: 'listed', description: 'for the API', host: 'ssh://ops@listed.example.com', transport: 'ssh', tls: false, skipTlsVerify: false, isDefault: false, current: false });
    assert.ok(Object.isFrozen(listed));
    assert.deepStrictEqual(await api.currentContext(), { name: 'default', source: 'default' });
    await testStore().write(contextMeta('closed', 'tcp://127.0.0.1:1'));
    const outcome = await api.ping('closed');
    assert.strictEqual(outcome.ok, false);
    assert.strictEqual(outcome.error?.kind, 'connection-refused');
    await assert.rejects(api.ping('nobody'), /no Docker context named "nobody"/);
    assert.ok((await vscode.commands.getCommands(true)).includes(TestCommands.internals), 'the tests reach the internals through their own command');
    const bar = (await internals()).statusBar.item;
    assert.deepStrictEqual(typeof bar.command === 'object' ? bar.command.command : bar.command, Commands.use);
  });
});
