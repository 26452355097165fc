import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, GenerateCertificatesArgs } from '../constants/commands';
import { daemonFlags, planCertificateFiles, trackedFiles } from '../core/certs/certificateFiles';
import { CertificateRequest, VALIDITY_DAYS } from '../core/certs/certificateInputs';
import { generateCertificates } from '../core/certs/generateCertificates';
import { readExistingCa } from '../core/certs/existingCa';
import { KeyPool } from '../core/certs/keyPool';
import { ContextError } from '../core/errors';
import { existingFiles } from '../core/fileSet';
import { Services } from '../services';
import { runCertificatesWizard } from '../wizards/certificatesWizard';
import { Invocation } from './arguments/invocation';
import { executeCommand } from './typedCommands';
import { withCancellableProgress } from './withCancellableProgress';

/**
 * `dockerContexts.generateCertificates`: a CA, server and client set as Docker's guide
 * prescribes. Argument: `{ hostnames, ips, days?, keySize?, outputDir, caPassphrase?,
 * existingCa?: { cert, key, passphrase? }, clientName?, overwrite? }` writes into outputDir
 * without asking (existing files make it fail unless overwrite). Without one a wizard asks,
 * while the keys are already being generated. Returns the paths written.
 */
export async function generateCertificatesCommand(ctx: Services, call: Invocation<GenerateCertificatesArgs>): Promise<string[]> {
  if (call.kind === 'argument') return generateFromArgs(ctx, call.value);
  // The keys depend only on their size: start them now, while the person answers.
  const pool = new KeyPool(4096, 3);
  const answers = await runCertificatesWizard(ctx.model.store.configDir);
  let placement = answers.placement;
  for (;;) {
    const present = existingFiles(planCertificateFiles(dummySet, placement));
    if (!present.length) break;
    const overwrite = vscode.l10n.t('Overwrite');
    const other = vscode.l10n.t('Choose Another Folder');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Some of the files exist already.'),
      { modal: true, detail: present.join('\n') },
      overwrite,
      other,
    );
    if (answer === overwrite) break;
    if (answer !== other) throw new ContextError('cancelled', 'cancelled');
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Use This Folder') });
    if (!picked?.[0]) throw new ContextError('cancelled', 'cancelled');
    placement = placement.kind === 'folder' ? { kind: 'folder', dir: picked[0].fsPath } : { ...placement, serverDir: picked[0].fsPath };
  }
  const written = await withCancellableProgress(vscode.l10n.t('Generating TLS certificates'), (signal) =>
    generateCertificates(answers.request, { placement, keys: pool, existingCa: answers.existingCa, overwrite: true, gitignore: answers.inWorkspace, signal }),
  );
  ctx.logger.info('certificates', `Wrote ${written.length} files: ${written.join(', ')}`);
  void afterGenerating(ctx, written, answers.request, answers.inWorkspace);
  return written;
}

async function generateFromArgs(ctx: Services, a: GenerateCertificatesArgs): Promise<string[]> {
  const request: CertificateRequest = {
    hostnames: a.hostnames,
    ips: a.ips,
    days: a.days ?? VALIDITY_DAYS.default,
    keySize: a.keySize ?? 4096,
    caPassphrase: a.caPassphrase,
    clientName: a.clientName ?? 'client',
  };
  const existingCa = a.existingCa ? await readExistingCa(a.existingCa) : undefined;
  const written = await generateCertificates(request, { placement: { kind: 'folder', dir: a.outputDir }, existingCa, overwrite: a.overwrite === true });
  ctx.logger.info('certificates', `Wrote ${written.length} files into ${a.outputDir}`);
  return written;
}

/** Every file name a set can have, to ask about existing files before generating. */
const dummySet = { 'ca.pem': '', 'ca-key.pem': '', 'server-cert.pem': '', 'server-key.pem': '', 'cert.pem': '', 'key.pem': '' };

async function afterGenerating(ctx: Services, written: string[], request: CertificateRequest, inWorkspace: boolean): Promise<void> {
  const clientDir = path.dirname(written.find((f) => f.endsWith(`${path.sep}cert.pem`))!);
  const serverDir = path.dirname(written.find((f) => f.endsWith('server-cert.pem'))!);
  if (inWorkspace) {
    const tracked = await trackedFiles(clientDir);
    if (tracked.length) {
      ctx.logger.warn('certificates', `git tracks files in ${clientDir}: ${tracked.join(', ')}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('git already tracks files in {0}: {1}. Remove them from git (git rm --cached) and rotate the keys.', clientDir, tracked.join(', ')));
    }
  }
  const create = vscode.l10n.t('Create TLS Context');
  const flags = vscode.l10n.t('Copy Daemon Flags');
  const reveal = vscode.l10n.t('Reveal');
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Generated the certificates for {0}.', [...request.hostnames, ...request.ips].join(', ')), create, flags, reveal);
  if (answer === create) {
    const host = request.hostnames[0] ?? request.ips[0];
    await executeCommand(Commands.createTlsContext, { prefill: { host: `tcp://${host.includes(':') ? `[${host}]` : host}:2376`, certDir: clientDir } });
  } else if (answer === flags) {
    const { flags: f, daemonJson } = daemonFlags(serverDir);
    await vscode.env.clipboard.writeText(`dockerd ${f}\n\n# or in /etc/docker/daemon.json:\n${daemonJson}\n`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied the dockerd flags and the daemon.json equivalent.'));
  } else if (answer === reveal) {
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(clientDir));
  }
}
