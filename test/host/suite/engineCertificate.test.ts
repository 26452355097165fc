import * as assert from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ShownWarning } from '../../../src/certificateWarnings';
import { Commands } from '../../../src/constants/commands';
import type { PingResult } from '../../../src/core/ping/pingTypes';
import { DockerDaemon, startDockerDaemon } from '../../rig/dockerDaemon';
import { CertificateAuthority, LeafCertificate, createCa, issueCertificate, opensslEndDate } from '../../rig/tlsFixtures';
import { resetStore, scratchFolder, waitForSnapshot } from './hostWorld';
import { internals } from './internals';

const DAY = 86400000;

describe('Engine certificate warnings (in the extension host)', function () {
  this.timeout(120000);
  const scratch = scratchFolder('engine-cert');
  beforeEach(resetStore);

  // An engine of its own whose server certificate ends in 5 days; the CA and the client certificate last long.
  describe('against a dockerd whose server certificate ends in 5 days', () => {
    let daemon: DockerDaemon | undefined;
    let daemonDir: string | undefined;
    let ca: CertificateAuthority;
    let client: LeafCertificate;
    let serverEnd: string;
    before(async () => {
      const dir = path.join(scratch.path, 'tls');
      ca = await createCa({ dir, days: 400 });
      const [server, clientLeaf] = await Promise.all([
        issueCertificate(ca, { dir, certName: 'server-cert.pem', keyName: 'server-key.pem', usage: 'server', sans: ['DNS:localhost', 'IP:127.0.0.1'], notAfter: new Date(Date.now() + 5 * DAY) }),
        issueCertificate(ca, { dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client', days: 400 }),
      ]);
      client = clientLeaf;
      serverEnd = await opensslEndDate(server.certFile);
      // Under /tmp itself: the host's temporary folder is too deep for containerd's socket paths (104 characters).
      daemonDir = mkdtempSync('/tmp/drc-engine-');
      daemon = await startDockerDaemon({ dir: daemonDir, tls: { ca: ca.certFile, serverCert: server.certFile, serverKey: server.keyFile, client: { cert: client.certFile, key: client.keyFile } } });
    });
    after(async () => {
      await daemon?.stop();
      if (daemonDir) rmSync(daemonDir, { recursive: true, force: true });
    });

    it('a ping shows the engine certificate’s end date on the row and warns once for its 7-day stage; the next ping does not warn again', async () => {
      const a = await internals();
      const name = 'short-lived-engine';
      const warnings: ShownWarning[] = [];
      let rowsRedrawn = 0;
      const subs = [a.certificateWarnings.onDidWarn((w) => w.context === name && warnings.push(w)), a.view.onDidChangeTreeData((node) => node === undefined && rowsRedrawn++)];
      try {
        await vscode.commands.executeCommand(Commands.createTlsContext, { name, host: daemon!.tlsHost!, ca: ca.certFile, cert: client.certFile, key: client.keyFile });
        await waitForSnapshot(a, (s) => s.listing.contexts.some((c) => c.name === name));
        assert.strictEqual(warnings.length, 0, 'the CA and the client certificate last 400 days');
        const redrawnBefore = rowsRedrawn;

        const first = await vscode.commands.executeCommand<PingResult>(Commands.ping, { name });
        assert.strictEqual(first.ok, true, JSON.stringify(first.error));
        assert.strictEqual(first.engineCertificate?.notAfter, serverEnd);
        // The ping's date went into the snapshot, and the rows were drawn again from it.
        assert.strictEqual((await a.model.snapshot()).expiry[name]?.engine?.toISOString(), serverEnd);
        assert.ok(rowsRedrawn > redrawnBefore, 'the explorer was told to draw its rows again');

        const day = serverEnd.slice(0, 10);
        const row = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === name)!;
        const item = a.view.getTreeItem(row);
        assert.match(String(item.description), new RegExp(`certificate expires ${day}`));
        assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'warning');
        assert.ok(item.tooltip instanceof vscode.MarkdownString);
        assert.match(item.tooltip.value, new RegExp(`Engine certificate expires on ${day}, in [45] days\\.`));
        assert.match(item.tooltip.value, /Client certificate valid until/);

        assert.deepStrictEqual(
          warnings.map((w) => [w.which, w.stage, w.notAfter.toISOString(), w.actions]),
          [['engine', 7, serverEnd, ['Rotate Engine Certificate', 'Show Details']]],
        );
        assert.match(warnings[0].message, new RegExp(`engine certificate of the Docker context "${name}" expires on ${day}, in [45] days`));

        const second = await vscode.commands.executeCommand<PingResult>(Commands.ping, { name });
        assert.strictEqual(second.engineCertificate?.notAfter, serverEnd);
        await a.model.refresh();
        assert.strictEqual(warnings.length, 1, 'a second ping, and a read of the store, do not warn again');
      } finally {
        for (const s of subs) s.dispose();
      }
    });
  });
});
