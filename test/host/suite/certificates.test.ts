import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readdirSync, statSync, writeFileSync, mkdirSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import { createCa, issueCertificate } from '../../rig/tlsFixtures';
import { resetStore, scratchFolder, testStore, waitForSnapshot } from './hostWorld';
import { internals } from './internals';

describe('Certificates in the editor', function () {
  this.timeout(120000);
  const scratch = scratchFolder('certificates');
  beforeEach(resetStore);

  it('generateCertificates writes the set with safe modes and returns the paths', async () => {
    const outputDir = path.join(scratch.path, 'set1');
    const written = await vscode.commands.executeCommand<string[]>(Commands.generateCertificates, { hostnames: ['localhost'], ips: ['127.0.0.1'], keySize: 2048, outputDir });
    assert.deepStrictEqual(written.map((f) => path.basename(f)).sort(), ['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem']);
    assert.strictEqual(statSync(path.join(outputDir, 'key.pem')).mode & 0o777, 0o400);
    assert.strictEqual(statSync(path.join(outputDir, 'ca.pem')).mode & 0o777, 0o444);
    assert.strictEqual(statSync(outputDir).mode & 0o777, 0o700);
    const verified = execFileSync('openssl', ['verify', '-CAfile', path.join(outputDir, 'ca.pem'), '-purpose', 'sslclient', path.join(outputDir, 'cert.pem')], { encoding: 'utf8' });
    assert.match(verified, /OK/);
  });

  it('generateCertificates with overwrite: false fails cleanly on existing files', async () => {
    const outputDir = path.join(scratch.path, 'set2');
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(path.join(outputDir, 'ca.pem'), 'mine');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.generateCertificates, { hostnames: ['h'], ips: [], keySize: 2048, outputDir, overwrite: false })), /exist already/);
    assert.deepStrictEqual(readdirSync(outputDir), ['ca.pem']);
  });

  it('shows a warning on a TLS context whose client certificate expires soon, and renews it', async () => {
    const a = await internals();
    const dir = path.join(scratch.path, 'soon');
    const ca = await createCa({ dir, days: 400 });
    const leaf = await issueCertificate(ca, { dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client', notAfter: new Date(Date.now() + 5 * 86400000) });
    await vscode.commands.executeCommand(Commands.createTlsContext, { name: 'expiring', host: 'tcp://h:2376', ca: ca.certFile, cert: leaf.certFile, key: leaf.keyFile });
    const s = await waitForSnapshot(a, (x) => x.expiry.expiring !== undefined);
    assert.ok(s.expiry.expiring.client! < new Date(Date.now() + 6 * 86400000));
    const row = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === 'expiring')!;
    const item = a.view.getTreeItem(row);
    assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'warning');
    assert.match(String(item.description), /certificate expires/);
    assert.ok(item.tooltip instanceof vscode.MarkdownString && /expires on .* in [45] days/.test(item.tooltip.value));

    const until = await vscode.commands.executeCommand<string>(Commands.renewClientCertificate, { name: 'expiring', caKey: ca.keyFile, days: 200 });
    assert.ok(new Date(until) > new Date(Date.now() + 199 * 86400000));
    const renewed = await testStore().get('expiring');
    const verified = execFileSync('openssl', ['verify', '-CAfile', ca.certFile, '-purpose', 'sslclient', renewed.tls.cert!], { encoding: 'utf8' });
    assert.match(verified, /OK/);
    const after = a.view.getTreeItem((await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === 'expiring')!);
    assert.doesNotMatch(String(after.description), /expires/);
  });
});
