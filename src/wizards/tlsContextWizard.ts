import * as vscode from 'vscode';
import { errorMessage } from '../core/errors';
import { ContextStore } from '../core/store/contextStore';
import { draftContext, newNameProblem, normaliseTcpHost, tlsPathsOf } from '../core/store/newContexts';
import { readClientMaterial, validateClientMaterial } from '../core/tls/tlsMaterial';
import { PingService } from '../ping/pingService';
import { SshPrompts } from '../ssh/sshPrompts';
import { browseFile, browseFolder, fileProblem, folderProblem } from './fileInputs';
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
const CERT_DIR_FILES = ['ca.pem', 'cert.pem', 'key.pem'];

/**
 * Asks for a new TLS context: name, tcp:// host, the certificates (a DOCKER_CERT_PATH-style
 * folder or three files), whether to verify the engine, a description; checks the material
 * and tests the connection before anything is saved.
 */
export async function runTlsContextWizard(store: ContextStore, pings: PingService, prompts: SshPrompts, prefill: TlsWizardPrefill = {}): Promise<TlsWizardResult> {
  const askName: Step<State> = async (input, state) => {
    const prompt = vscode.l10n.t('A name for the context, as in "docker context use NAME"');
    state.name = (await input.showInputBox({ step: 1, value: state.name, prompt, placeholder: 'prod-engine', validate: (v) => newNameProblem(store, v.trim()) })).trim();
    return askHost;
  };

  const askHost: Step<State> = async (input, state) => {
    const problem = (v: string) => {
      const r = normaliseTcpHost(v.trim());
      return 'problem' in r ? r.problem : undefined;
    };
    const prompt = vscode.l10n.t('The engine’s address: tcp://host:port (port 2376 when left out)');
    const value = await input.showInputBox({ step: 2, value: state.host ?? prefill.host, prompt, placeholder: 'tcp://docker.example.com:2376', validate: problem });
    const r = normaliseTcpHost(value.trim());
    state.host = 'host' in r ? r.host : value;
    return prefill.certDir && !state.source ? askFolder : askSource;
  };

  const askSource: Step<State> = async (input, state) => {
    const folder = { label: `$(folder) ${vscode.l10n.t('A folder with ca.pem, cert.pem and key.pem')}`, description: 'DOCKER_CERT_PATH', source: 'folder' as const };
    const files = { label: `$(files) ${vscode.l10n.t('Three separate files')}`, source: 'files' as const };
    const generate = { label: `$(add) ${vscode.l10n.t('Generate new ones…')}`, description: vscode.l10n.t('a CA, server and client set'), source: 'generate' as const };
    const picked = await input.showQuickPick({ step: 3, items: [folder, files, generate], placeholder: vscode.l10n.t('Where are the client certificates?') });
    if (picked.source === 'generate') {
      state.generate = true;
      return undefined;
    }
    state.source = picked.source;
    return picked.source === 'folder' ? askFolder : askCa;
  };

  const askFolder: Step<State> = async (input, state) => {
    // The docker CLI's own folder (DOCKER_CONFIG, else ~/.docker) is where DOCKER_CERT_PATH points by default.
    const value = state.certDir ?? prefill.certDir ?? store.configDir;
    const prompt = vscode.l10n.t('The folder that holds ca.pem, cert.pem and key.pem');
    state.certDir = (await input.showInputBox({ step: 4, value, prompt, validate: (v) => folderProblem(v.trim(), CERT_DIR_FILES), browse: browseFolder })).trim();
    state.ca = state.cert = state.key = undefined;
    return askVerify;
  };

  const fileStep = (kind: 'ca' | 'cert' | 'key', prompt: string, next: Step<State>): Step<State> => async (input, state) => {
    state[kind] = (await input.showInputBox({ step: 4, value: state[kind], prompt, validate: (v) => fileProblem(v.trim()), browse: browseFile })).trim();
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
    const picked = await input.showQuickPick({ step: 5, items: [verify, skip], placeholder: vscode.l10n.t('Check the engine’s certificate against the CA?') });
    state.skipTlsVerify = picked.skip;
    return askDescription;
  };

  const askDescription: Step<State> = async (input, state) => {
    // The material is checked here, before anything is written, so the person can go back.
    const material = async () => {
      try {
        validateClientMaterial(await readClientMaterial(tlsPathsOf(state)));
        return undefined;
      } catch (e) {
        return errorMessage(e);
      }
    };
    state.description = await input.showInputBox({ step: 6, value: state.description, prompt: vscode.l10n.t('Optional: a description'), validate: material });
    return test;
  };

  const test: Step<State> = async (input, state) => {
    const draft = draftContext(state.name!, state.host!, tlsPathsOf(state), state.skipTlsVerify);
    const { save } = await testConnectionStep(input, draft, pings, prompts, TOTAL);
    return save ? undefined : askHost;
  };

  const state = await MultiStepInput.run<State>(vscode.l10n.t('Create TLS Context'), TOTAL, askName, {});
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
