import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { CertificateRequest, VALIDITY_DAYS, commonNameProblem, daysProblem, hostnameProblem, ipProblem, splitList, wholeNumberText } from '../core/certs/certificateInputs';
import { Placement } from '../core/certs/certificateFiles';
import { ExistingCa, readExistingCa } from '../core/certs/existingCa';
import { KEY_SIZES, RsaKeySize } from '../core/certs/keyPool';
import { readSettings } from '../settings';
import { absolutePathProblem, browseFile, fileProblem } from './fileInputs';
import { MultiStepInput, Step } from './multiStepInput';

export interface CertificatesWizardResult {
  readonly request: CertificateRequest;
  readonly placement: Placement;
  readonly inWorkspace: boolean;
  readonly existingCa?: ExistingCa;
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
 * (the workspace's, the docker CLI's config folder with the CA key and server files apart, or
 * another), the CA (new, with a passphrase offered first, or an existing one), validity, key size,
 * client name. One question a screen, so Back goes back one.
 */
export async function runCertificatesWizard(configDir: string): Promise<CertificatesWizardResult> {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const firstHost = (s: State) => splitList(s.hostnames ?? '')[0] ?? splitList(s.ips ?? '')[0] ?? 'docker';
  const pathStep = (value: string, prompt: string) => ({ step: 3, value, prompt, validate: (v: string) => absolutePathProblem(v.trim()) });

  const askHosts: Step<State> = async (input, s) => {
    const prompt = vscode.l10n.t('The DNS names of the Docker host, separated by commas (the server certificate lists each)');
    s.hostnames = await input.showInputBox({ step: 1, value: s.hostnames, prompt, placeholder: 'docker.example.com, host1', validate: (v) => splitList(v).map(hostnameProblem).find(Boolean) });
    return askIps;
  };

  const askIps: Step<State> = async (input, s) => {
    const none = (v: string) => (splitList(v).length + splitList(s.hostnames ?? '').length === 0 ? vscode.l10n.t('Give at least one DNS name or IP address.') : undefined);
    const prompt = vscode.l10n.t('Its IP addresses, separated by commas (127.0.0.1 lets you connect on the host itself)');
    s.ips = await input.showInputBox({ step: 2, value: s.ips ?? '127.0.0.1', prompt, validate: (v) => splitList(v).map(ipProblem).find(Boolean) ?? none(v) });
    return askWhere;
  };

  const askWhere: Step<State> = async (input, s) => {
    const inWorkspace = path.join(readSettings().certificatesFolder, firstHost(s));
    const items = [
      ...(workspace ? [{ label: `$(folder) ${vscode.l10n.t('In this workspace')}`, description: inWorkspace, where: 'workspace' as const, detail: vscode.l10n.t('With a .gitignore that keeps every file out of git') }] : []),
      { label: `$(home) ${vscode.l10n.t('In the docker CLI’s folder')}`, description: configDir, where: 'docker-config' as const, detail: vscode.l10n.t('ca.pem, cert.pem and key.pem where the CLI looks by default; the CA key and the server files in a folder apart') },
      { label: `$(folder-opened) ${vscode.l10n.t('In another folder…')}`, where: 'folder' as const },
    ];
    s.where = (await input.showQuickPick({ step: 3, items, placeholder: vscode.l10n.t('Where should the certificates go?') })).where;
    if (s.where === 'workspace') s.folder = path.join(workspace!, inWorkspace);
    return s.where === 'docker-config' ? askServerDir : s.where === 'folder' ? askFolder : askCa;
  };

  const askServerDir: Step<State> = async (input, s) => {
    const prompt = vscode.l10n.t('The folder for the CA key and the server’s files (copy the server files to the Docker host)');
    s.serverDir = await input.showInputBox(pathStep(s.serverDir ?? path.join(configDir, 'daemon', firstHost(s)), prompt));
    return askCa;
  };

  const askFolder: Step<State> = async (input, s) => {
    s.folder = await input.showInputBox(pathStep(s.folder ?? path.join(os.homedir(), 'docker-certs', firstHost(s)), vscode.l10n.t('The folder for all six files')));
    return askCa;
  };

  const askCa: Step<State> = async (input, s) => {
    const fresh = { label: `$(add) ${vscode.l10n.t('A new CA')}`, ca: 'new' as const };
    const existing = { label: `$(key) ${vscode.l10n.t('An existing CA (ca.pem and ca-key.pem)')}`, ca: 'existing' as const };
    s.caKind = (await input.showQuickPick({ step: 4, items: [fresh, existing], placeholder: vscode.l10n.t('Which CA signs the certificates?') })).ca;
    return s.caKind === 'new' ? askCaPassphrase : askCaCert;
  };

  const askCaPassphrase: Step<State> = async (input, s) => {
    const prompt = vscode.l10n.t('A passphrase for the new CA key (recommended: it is encrypted with AES-256). Leave empty for none.');
    s.caPassphrase = await input.showInputBox({ step: 4, password: true, prompt });
    return askDays;
  };

  const caFile = (key: 'caCert' | 'caKey', prompt: string, next: Step<State>): Step<State> => async (input, s) => {
    s[key] = (await input.showInputBox({ step: 4, value: s[key], prompt, validate: (v) => fileProblem(v.trim()), browse: browseFile })).trim();
    return next;
  };
  const askCaKeyPassphrase: Step<State> = async (input, s) => {
    s.caKeyPassphrase = await input.showInputBox({ step: 4, password: true, prompt: vscode.l10n.t('The passphrase of the CA key, if it is encrypted') });
    return askDays;
  };
  const askCaKey = caFile('caKey', vscode.l10n.t('The CA key (ca-key.pem)'), askCaKeyPassphrase);
  const askCaCert = caFile('caCert', vscode.l10n.t('The CA certificate (ca.pem)'), askCaKey);

  const askDays: Step<State> = async (input, s) => {
    const validate = (v: string) => (daysProblem(wholeNumberText(v)) ? vscode.l10n.t('A whole number of days from {0} to {1}.', VALIDITY_DAYS.min, VALIDITY_DAYS.max) : undefined);
    s.days = await input.showInputBox({ step: 5, value: s.days ?? String(VALIDITY_DAYS.default), prompt: vscode.l10n.t('How many days the certificates are valid'), validate });
    return askKeySize;
  };

  const askKeySize: Step<State> = async (input, s) => {
    const sizes = KEY_SIZES.map((size) => ({ label: `${size} bits`, description: size === 4096 ? vscode.l10n.t('as in Docker’s guide') : undefined, size }));
    s.keySize = (await input.showQuickPick({ step: 5, items: sizes, placeholder: vscode.l10n.t('RSA key size') })).size;
    return askClient;
  };

  const askClient: Step<State> = async (input, s) => {
    const validate = (v: string) => commonNameProblem(v.trim());
    s.clientName = await input.showInputBox({ step: 6, value: s.clientName ?? 'client', prompt: vscode.l10n.t('The common name of the client certificate'), validate });
    return undefined;
  };

  const s = await MultiStepInput.run<State>(vscode.l10n.t('Generate TLS Certificates'), TOTAL, askHosts, {});
  const request: CertificateRequest = {
    hostnames: splitList(s.hostnames ?? ''),
    ips: splitList(s.ips ?? ''),
    days: wholeNumberText(s.days ?? ''),
    keySize: s.keySize ?? 4096,
    caPassphrase: s.caKind === 'new' && s.caPassphrase ? s.caPassphrase : undefined,
    clientName: s.clientName!.trim(),
  };
  const placement: Placement = s.where === 'docker-config' ? { kind: 'docker-config', clientDir: configDir, serverDir: s.serverDir!.trim() } : { kind: 'folder', dir: s.folder!.trim() };
  const existingCa = s.caKind === 'existing' ? await readExistingCa({ cert: s.caCert!, key: s.caKey!, passphrase: s.caKeyPassphrase || undefined }) : undefined;
  return { request, placement, inWorkspace: s.where === 'workspace', existingCa };
}
