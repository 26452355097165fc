import { existsSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { CertificateRequest, hostnameProblem, ipProblem, splitList } from '../core/certs/certificateInputs';
import { Placement } from '../core/certs/certificateFiles';
import { KEY_SIZES, RsaKeySize } from '../core/certs/keyPool';
import { readSettings } from '../settings';
import { MultiStepInput, Step } from './multiStepInput';

export interface CertificatesWizardResult {
  readonly request: CertificateRequest;
  readonly placement: Placement;
  readonly inWorkspace: boolean;
  readonly existingCa?: { cert: string; key: string; passphrase?: string };
}

interface State {
  hostnames?: string;
  ips?: string;
  where?: 'workspace' | 'docker-config' | 'folder';
  folder?: string;
  serverDir?: string;
  caKind?: 'new' | 'existing';
  caPassphrase?: string;
  caCert?: string;
  caKey?: string;
  caKeyPassphrase?: string;
  days?: string;
  keySize?: RsaKeySize;
  clientName?: string;
}

const TOTAL = 6;

/**
 * Asks what a certificate set is for and where it goes: DNS names, IP addresses, the folder
 * (the workspace's, ~/.docker with the CA key and server files apart, or another), the CA (new,
 * with a passphrase offered first, or an existing one), validity, key size, client name.
 */
export async function runCertificatesWizard(configDir: string): Promise<CertificatesWizardResult> {
  const title = vscode.l10n.t('Generate TLS Certificates');
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;

  const askHosts: Step<State> = async (input, s) => {
    s.hostnames = await input.showInputBox({
      title,
      step: 1,
      totalSteps: TOTAL,
      value: s.hostnames,
      prompt: vscode.l10n.t('The DNS names of the Docker host, separated by commas (the server certificate lists each)'),
      placeholder: 'docker.example.com, host1',
      validate: (v) => splitList(v).map(hostnameProblem).find(Boolean),
    });
    return askIps;
  };

  const askIps: Step<State> = async (input, s) => {
    s.ips = await input.showInputBox({
      title,
      step: 2,
      totalSteps: TOTAL,
      value: s.ips ?? '127.0.0.1',
      prompt: vscode.l10n.t('Its IP addresses, separated by commas (127.0.0.1 lets you connect on the host itself)'),
      validate: (v) => splitList(v).map(ipProblem).find(Boolean) ?? (splitList(v).length + splitList(s.hostnames ?? '').length === 0 ? vscode.l10n.t('Give at least one DNS name or IP address.') : undefined),
    });
    return askWhere;
  };

  const askWhere: Step<State> = async (input, s) => {
    const first = splitList(s.hostnames ?? '')[0] ?? splitList(s.ips ?? '')[0] ?? 'docker';
    const items = [
      ...(workspace
        ? [{ label: `$(folder) ${vscode.l10n.t('In this workspace')}`, description: path.join(readSettings().certificatesFolder, first), where: 'workspace' as const, detail: vscode.l10n.t('With a .gitignore that keeps every file out of git') }]
        : []),
      { label: `$(home) ${vscode.l10n.t('In the docker CLI’s folder')}`, description: configDir, where: 'docker-config' as const, detail: vscode.l10n.t('ca.pem, cert.pem and key.pem where the CLI looks by default; the CA key and the server files in a folder apart') },
      { label: `$(folder-opened) ${vscode.l10n.t('In another folder…')}`, where: 'folder' as const },
    ];
    const picked = await input.showQuickPick({ title, step: 3, totalSteps: TOTAL, items, placeholder: vscode.l10n.t('Where should the certificates go?') });
    s.where = picked.where;
    if (picked.where === 'workspace') s.folder = path.join(workspace!, readSettings().certificatesFolder, first);
    if (picked.where === 'docker-config') {
      s.serverDir = await input.showInputBox({
        title,
        step: 3,
        totalSteps: TOTAL,
        value: s.serverDir ?? path.join(configDir, 'daemon', first),
        prompt: vscode.l10n.t('The folder for the CA key and the server’s files (copy the server files to the Docker host)'),
        validate: (v) => (path.isAbsolute(v.trim()) ? undefined : vscode.l10n.t('Give an absolute path.')),
      });
    }
    if (picked.where === 'folder') {
      s.folder = await input.showInputBox({
        title,
        step: 3,
        totalSteps: TOTAL,
        value: s.folder ?? path.join(os.homedir(), 'docker-certs', first),
        prompt: vscode.l10n.t('The folder for all six files'),
        validate: (v) => (path.isAbsolute(v.trim()) ? undefined : vscode.l10n.t('Give an absolute path.')),
      });
    }
    return askCa;
  };

  const askCa: Step<State> = async (input, s) => {
    const fresh = { label: `$(add) ${vscode.l10n.t('A new CA')}`, ca: 'new' as const };
    const existing = { label: `$(key) ${vscode.l10n.t('An existing CA (ca.pem and ca-key.pem)')}`, ca: 'existing' as const };
    const picked = await input.showQuickPick({ title, step: 4, totalSteps: TOTAL, items: [fresh, existing], placeholder: vscode.l10n.t('Which CA signs the certificates?') });
    s.caKind = picked.ca;
    if (picked.ca === 'new') {
      s.caPassphrase = await input.showInputBox({
        title,
        step: 4,
        totalSteps: TOTAL,
        password: true,
        prompt: vscode.l10n.t('A passphrase for the new CA key (recommended: it is encrypted with AES-256). Leave empty for none.'),
      });
    } else {
      s.caCert = await input.showInputBox({ title, step: 4, totalSteps: TOTAL, value: s.caCert, prompt: vscode.l10n.t('The CA certificate (ca.pem)'), validate: fileProblem, browse: browseFile });
      s.caKey = await input.showInputBox({ title, step: 4, totalSteps: TOTAL, value: s.caKey, prompt: vscode.l10n.t('The CA key (ca-key.pem)'), validate: fileProblem, browse: browseFile });
      s.caKeyPassphrase = await input.showInputBox({ title, step: 4, totalSteps: TOTAL, password: true, prompt: vscode.l10n.t('The passphrase of the CA key, if it is encrypted') });
    }
    return askValidity;
  };

  const askValidity: Step<State> = async (input, s) => {
    s.days = await input.showInputBox({
      title,
      step: 5,
      totalSteps: TOTAL,
      value: s.days ?? '365',
      prompt: vscode.l10n.t('How many days the certificates are valid'),
      validate: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 36500 ? undefined : vscode.l10n.t('A whole number of days from 1 to 36500.')),
    });
    const sizes = KEY_SIZES.map((size) => ({ label: `${size} bits`, description: size === 4096 ? vscode.l10n.t('as in Docker’s guide') : undefined, size }));
    s.keySize = (await input.showQuickPick({ title, step: 5, totalSteps: TOTAL, items: sizes, placeholder: vscode.l10n.t('RSA key size') })).size;
    return askClient;
  };

  const askClient: Step<State> = async (input, s) => {
    s.clientName = await input.showInputBox({
      title,
      step: 6,
      totalSteps: TOTAL,
      value: s.clientName ?? 'client',
      prompt: vscode.l10n.t('The common name of the client certificate'),
      validate: (v) => (v.trim() ? undefined : vscode.l10n.t('Give a name.')),
    });
    return undefined;
  };

  const s = await MultiStepInput.run<State>(askHosts, {});
  const request: CertificateRequest = {
    hostnames: splitList(s.hostnames ?? ''),
    ips: splitList(s.ips ?? ''),
    days: Number(s.days),
    keySize: s.keySize ?? 4096,
    caPassphrase: s.caKind === 'new' && s.caPassphrase ? s.caPassphrase : undefined,
    clientName: s.clientName!.trim(),
  };
  const placement: Placement = s.where === 'docker-config' ? { kind: 'docker-config', clientDir: configDir, serverDir: s.serverDir!.trim() } : { kind: 'folder', dir: s.folder!.trim() };
  const existingCa = s.caKind === 'existing' ? { cert: readFileSync(s.caCert!.trim(), 'utf8'), key: readFileSync(s.caKey!.trim(), 'utf8'), passphrase: s.caKeyPassphrase || undefined } : undefined;
  return { request, placement, inWorkspace: s.where === 'workspace', existingCa };
}

function fileProblem(v: string): string | undefined {
  return existsSync(v.trim()) ? undefined : vscode.l10n.t('{0} does not exist.', v.trim());
}

async function browseFile(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { PEM: ['pem', 'crt', 'key'] } });
  return picked?.[0]?.fsPath;
}
