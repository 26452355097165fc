import * as vscode from 'vscode';
import { ContextStore } from '../core/store/contextStore';
import { draftContext, newNameProblem, sshHostProblem } from '../core/store/newContexts';
import { PingService } from '../ping/pingService';
import { SshPrompts } from '../ssh/sshPrompts';
import { MultiStepInput, Step } from './multiStepInput';
import { testConnectionStep } from './testConnectionStep';

export interface SshWizardResult {
  name: string;
  host: string;
  description: string;
}

interface State extends Partial<SshWizardResult> {
  address?: string;
  socketPath?: string;
}

const TOTAL = 5;
/** The first this many hosts of ~/.ssh/config show where ssh connects for them (each is one `ssh -G`). */
const MAX_RESOLVED_ALIASES = 40;

/**
 * Asks for a new SSH context: name, host (a Host of ~/.ssh/config or user@host[:port]),
 * remote socket, description; then tests the connection before anything is saved.
 * Resolves with what to save; throws `cancelled` when the person leaves.
 */
export async function runSshContextWizard(store: ContextStore, pings: PingService, prompts: SshPrompts): Promise<SshWizardResult> {
  const aliases = await pings.sshHostAliases();

  // Each Host of ~/.ssh/config with the user, host and port ssh really uses for it (ssh -G).
  let described: Promise<vscode.QuickPickItem[]> | undefined;
  const aliasItems = () =>
    (described ??= Promise.all(
      aliases.map(async (a, i) => {
        const route = i < MAX_RESOLVED_ALIASES ? await pings.sshRoute(`ssh://${a}`) : undefined;
        const target = route ? (route.jumps.length ? vscode.l10n.t('{0} through {1}', route.target, route.jumps.join(', ')) : route.target) : undefined;
        return { label: a, description: target ? vscode.l10n.t('{0} · from ~/.ssh/config', target) : vscode.l10n.t('from ~/.ssh/config') };
      }),
    ));

  const askName: Step<State> = async (input, state) => {
    const prompt = vscode.l10n.t('A name for the context, as in "docker context use NAME"');
    state.name = (await input.showInputBox({ step: 1, value: state.name, prompt, placeholder: 'build-server', validate: (v) => newNameProblem(store, v.trim()) })).trim();
    return askHost;
  };

  const typeAddress = vscode.l10n.t('Type an address…');
  // The hosts of ~/.ssh/config first, when there are any; then, or else, an address typed in.
  const askHost: Step<State> = async (input, state) => {
    if (!aliases.length) return askAddress(input, state);
    const items = [...(await aliasItems()), { label: `$(edit) ${typeAddress}`, description: 'user@host[:port]' }];
    const picked = await input.showQuickPick({ step: 2, items, placeholder: vscode.l10n.t('The SSH host of the Docker engine') });
    if (picked.label.endsWith(typeAddress)) return askAddress;
    state.address = picked.label;
    return askSocket;
  };

  const askAddress: Step<State> = async (input, state) => {
    const validate = (v: string) => (v.trim() ? sshHostProblem(toSshUrl(v.trim())) : vscode.l10n.t('Type the host, for example user@host1.example.com.'));
    const prompt = vscode.l10n.t('The SSH address of the Docker engine host: user@host[:port]');
    state.address = (await input.showInputBox({ step: 2, value: state.address, prompt, placeholder: 'docker-user@host1.example.com', validate })).trim();
    return askSocket;
  };

  const askSocket: Step<State> = async (input, state) => {
    const validate = (v: string) => (v.trim() === '' || v.trim().startsWith('/') ? undefined : vscode.l10n.t('Give an absolute path, such as /run/user/1000/docker.sock.'));
    const prompt = vscode.l10n.t('Optional: the Docker socket on the remote host, when it is not the default (rootless Docker: /run/user/1000/docker.sock)');
    state.socketPath = await input.showInputBox({ step: 3, value: state.socketPath, prompt, placeholder: vscode.l10n.t('leave empty for the default socket'), validate });
    return askDescription;
  };

  const askDescription: Step<State> = async (input, state) => {
    state.description = await input.showInputBox({ step: 4, value: state.description, prompt: vscode.l10n.t('Optional: a description') });
    state.host = toSshUrl(state.address!, state.socketPath?.trim());
    return test;
  };

  const test: Step<State> = async (input, state) => {
    const { save } = await testConnectionStep(input, draftContext(state.name!, state.host!, undefined), pings, prompts, TOTAL);
    return save ? undefined : askHost;
  };

  const state = await MultiStepInput.run<State>(vscode.l10n.t('Create SSH Context'), TOTAL, askName, {});
  return { name: state.name!, host: state.host!, description: state.description ?? '' };
}

/** `user@host:port` (or an ssh:// address, or a config alias) as the ssh:// address a context stores. */
export function toSshUrl(address: string, socketPath?: string): string {
  const base = address.startsWith('ssh://') ? address.replace(/\/+$/, '') : `ssh://${address}`;
  return socketPath ? `${base}${socketPath.startsWith('/') ? '' : '/'}${socketPath}` : base;
}
