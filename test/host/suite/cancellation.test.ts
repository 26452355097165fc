import * as assert from 'assert';
import { readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import { createCa, issueCertificate } from '../../rig/tlsFixtures';
import { resetStore, scratchFolder, testStore } from './hostWorld';
import { internals } from './internals';

/**
 * One cancellation model: Cancel on a progress notification, whoever started the command, is
 * silent (no error, no message) and resolves the command with `undefined`, leaving nothing behind.
 */
describe('Cancelling a command', function () {
  this.timeout(120000);
  const scratch = scratchFolder('cancellation');
  beforeEach(resetStore);

  it('a renewal cancelled from its progress notification resolves with undefined and leaves the context as it was', async () => {
    const a = await internals();
    const dir = path.join(scratch.path, 'renew');
    const ca = await createCa({ dir, days: 400 });
    const leaf = await issueCertificate(ca, { dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client', notAfter: new Date(Date.now() + 5 * 86400000) });
    await vscode.commands.executeCommand(Commands.createTlsContext, { name: 'to-cancel', host: 'tcp://h:2376', ca: ca.certFile, cert: leaf.certFile, key: leaf.keyFile });
    const context = await testStore().get('to-cancel');
    const tlsDir = path.dirname(context.tls.cert!);
    const before = { cert: readFileSync(context.tls.cert!), key: readFileSync(context.tls.key!), files: readdirSync(tlsDir).sort() };

    // Cancel as the button does, the moment the notification shows.
    const titles: string[] = [];
    const sub = a.onProgressStarted((p) => {
      titles.push(p.title);
      p.cancel();
    });
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand(Commands.renewClientCertificate, { name: 'to-cancel', caKey: ca.keyFile, days: 200 });
    } finally {
      sub.dispose();
    }
    assert.deepStrictEqual(titles, ['Renewing the client certificate of to-cancel']);
    assert.strictEqual(result, undefined);
    assert.deepStrictEqual(readFileSync(context.tls.cert!), before.cert);
    assert.deepStrictEqual(readFileSync(context.tls.key!), before.key);
    assert.deepStrictEqual(readdirSync(tlsDir).sort(), before.files);
  });
});
