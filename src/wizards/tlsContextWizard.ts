import { existsSync, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { errorMessage } from '../core/errors';
import { ContextStore } from '../core/store/contextStore';
import { draftContext, newNameProblem, normaliseTcpHost, tlsPathsOf } from '../core/store/newContexts';
import { readClientMaterial, validateClientMaterial } from '../core/tls/tlsMaterial';
import { PingService } from '../ping/pingService';
import { SshPrompts } from '../ssh/sshPrompts';
import { MultiStepInput, Step } from './multiStepInput';
import { testConnectionStep } from './testConnectionStep';

export interface TlsWizardResult {
  name: string;
  host: string;
  certDir?: string;
  ca?: string;
  cert?: string;
  key?: string;
  skipTlsVerify: boolean;
  description: string;
  /** The person chose to generate new certificates first: hand over to that command. */
  generate?: boolean;
}

export interface TlsWizardPrefill {
  readonly host?: string;
  readonly certDir?: string;
}

type State = Partial<TlsWizardResult> & { source?: 'folder' | 'files' };


const TOTAL = 6;

/**
 * Asks for a new TLS context: name, tcp:// host, the certificates (a DOCKER_CERT_PATH-style
 * folder or three files), whether to verify the engine, a description; checks the material
 * and tests the connection before anything is saved.
 */
export async function runTlsContextWizard(store: ContextStore, pings: PingService, prompts: SshPrompts, prefill: TlsWizardPrefill = {}): Promise<TlsWizardResult> {
  const title = vscode.l10n.t('Create TLS Context');
  const browseFolder = () => pickPath(true);
  const browseFile = () => pickPath(false);

  const askName: Step<State> = async (input, state) => {
    state.name = (
      await input.showInputBox({
        title,
        step: 1,
        totalSteps: TOTAL,
        value: state.name,
        prompt: vscode.l10n.t('A name for the context, as in "docker context use NAME"'),
        placeholder: 'prod-engine',
        validate: (v) => newNameProblem(store, v.trim()),
      })
    ).trim();
    return askHost;
  };

  const askHost: Step<State> = async (input, state) => {
    const value = await input.showInputBox({
      title,
      step: 2,
      totalSteps: TOTAL,
      value: state.host ?? prefill.host,
      prompt: vscode.l10n.t('The engine’s address: tcp://host:port (port 2376 when left out)'),
      placeholder: 'tcp://docker.example.com:2376',
      validate: (v) => {
        const r = normaliseTcpHost(v.trim());
        return 'problem' in r ? r.problem : undefined;
      },
    });
    const r = normaliseTcpHost(value.trim());
    state.host = 'host' in r ? r.host : value;
    return prefill.certDir && !state.source ? askFolder : askSource;
  };

  const askSource: Step<State> = async (input, state) => {
    const folder = { label: `$(folder) ${vscode.l10n.t('A folder with ca.pem, cert.pem and key.pem')}`, description: 'DOCKER_CERT_PATH', source: 'folder' as const };
    const files = { label: `$(files) ${vscode.l10n.t('Three separate files')}`, source: 'files' as const };
    const generate = { label: `$(add) ${vscode.l10n.t('Generate new ones…')}`, description: vscode.l10n.t('a CA, server and client set'), source: 'generate' as const };
    const items = [folder, files, generate];
    const picked = await input.showQuickPick({ title, step: 3, totalSteps: TOTAL, items, placeholder: vscode.l10n.t('Where are the client certificates?') });
    if (picked.source === 'generate') {
      state.generate = true;
      return undefined;
    }
    state.source = picked.source;
    return picked.source === 'folder' ? askFolder : askCa;
  };

  const askFolder: Step<State> = async (input, state) => {
    state.certDir = await input.showInputBox({
      title,
      step: 4,
      totalSteps: TOTAL,
      value: state.certDir ?? prefill.certDir ?? path.join(os.homedir(), '.docker'),
      prompt: vscode.l10n.t('The folder that holds ca.pem, cert.pem and key.pem'),
      validate: (v) => folderProblem(v.trim()),
      browse: browseFolder,
    });
    state.certDir = state.certDir.trim();
    state.ca = state.cert = state.key = undefined;
    return askVerify;
  };

  const fileStep = (kind: 'ca' | 'cert' | 'key', prompt: string, next: Step<State>): Step<State> => async (input, state) => {
    state[kind] = (await input.showInputBox({ title, step: 4, totalSteps: TOTAL, value: state[kind], prompt, validate: (v) => fileProblem(v.trim()), browse: browseFile })).trim();
    state.certDir = undefined;
    return next;
  };
  const askKey: Step<State> = fileStep('key', vscode.l10n.t('The client key (key.pem), not encrypted'), (i, s) => askVerify(i, s));
  const askCert: Step<State> = fileStep('cert', vscode.l10n.t('The client certificate (cert.pem)'), askKey);
  const askCa: Step<State> = fileStep('ca', vscode.l10n.t('The CA certificate (ca.pem)'), askCert);

  const askVerify: Step<State> = async (input, state) => {
    const verify = { label: `$(lock) ${vscode.l10n.t('Verify the engine’s certificate')}`, description: vscode.l10n.t('recommended'), skip: false };
    const skip = {
      label: `$(warning) ${vscode.l10n.t('Skip verification (insecure)')}`,
      detail: vscode.l10n.t('Anyone between you and the engine could pose as it and receive your client key’s signatures and your commands.'),
      skip: true,
    };
    const picked = await input.showQuickPick({ title, step: 5, totalSteps: TOTAL, items: [verify, skip], placeholder: vscode.l10n.t('Check the engine’s certificate against the CA?') });
    state.skipTlsVerify = picked.skip;
    return askDescription;
  };

  const askDescription: Step<State> = async (input, state) => {
    state.description = await input.showInputBox({
      title,
      step: 6,
      totalSteps: TOTAL,
      value: state.description,
      prompt: vscode.l10n.t('Optional: a description'),
      validate: async () => {
        // The material is checked here, before anything is written, so the person can go back.
        try {
          validateClientMaterial(await readClientMaterial(tlsPathsOf(state)));
          return undefined;
        } catch (e) {
          return errorMessage(e);
        }
      },
    });
    return test;
  };

  const test: Step<State> = async (input, state) => {
    const draft = draftContext(state.name!, state.host!, tlsPathsOf(state), state.skipTlsVerify);
    const { save } = await testConnectionStep(input, draft, pings, prompts, { title, step: TOTAL, totalSteps: TOTAL });
    return save ? undefined : askHost;
  };

  const state = await MultiStepInput.run<State>(askName, {});
  if (state.generate) return { name: state.name!, host: state.host!, skipTlsVerify: false, description: '', generate: true };
  return {
    name: state.name!,
    host: state.host!,
    certDir: state.certDir,
    ca: state.ca,
    cert: state.cert,
    key: state.key,
    skipTlsVerify: state.skipTlsVerify === true,
    description: state.description ?? '',
  };
}

function folderProblem(dir: string): string | undefined {
  if (!dir) return vscode.l10n.t('Give the folder of the certificates.');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return vscode.l10n.t('{0} is not a folder.', dir);
  const missing = ['ca.pem', 'cert.pem', 'key.pem'].filter((f) => !existsSync(path.join(dir, f)));
  return missing.length ? vscode.l10n.t('{0} lacks {1}.', dir, missing.join(', ')) : undefined;
}

function fileProblem(file: string): string | undefined {
  if (!file) return vscode.l10n.t('Give the path of the file.');
  return existsSync(file) && statSync(file).isFile() ? undefined : vscode.l10n.t('{0} does not exist.', file);
}

async function pickPath(folder: boolean): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: !folder, canSelectFolders: folder, canSelectMany: false, filters: folder ? undefined : { PEM: ['pem', 'crt', 'key'] } });
  return picked?.[0]?.fsPath;
}
