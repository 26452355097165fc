import * as l10n from '@vscode/l10n';
import { Endpoint, parseEndpoint } from '../endpoint';
import { ContextError } from '../errors';
import { PingResult } from '../ping/pingTypes';
import { ContextStore } from '../store/contextStore';
import { DockerContext } from '../store/types';
import { RunOnHost } from './hostSession';

type SshEndpoint = Extract<Endpoint, { transport: 'ssh' }>;

/** What setting up an engine needs from the rest of the extension. */
export interface ProvisionDeps {
  readonly store: ContextStore;
  /** Runs scripts on the host of an ssh:// endpoint, with the SSH client that serves contexts. */
  runOn(endpoint: SshEndpoint): RunOnHost;
  /** The host name or address ssh really connects to for the endpoint (after ~/.ssh/config). */
  address(endpoint: SshEndpoint): Promise<string>;
  /** Pings a context that is not saved yet, on a connection of its own. */
  ping(context: DockerContext): Promise<PingResult>;
  readonly signal?: AbortSignal;
  progress?(message: string): void;
  /** The log; never given a password or a key. */
  log?(message: string): void;
}

/** The ssh:// endpoint a request names, or an error that says it is none. */
export function sshEndpoint(host: string): SshEndpoint {
  const endpoint = parseEndpoint(host);
  if (endpoint.transport !== 'ssh') throw new ContextError('invalid-argument', l10n.t('{0} is not an ssh:// address or an SSH context.', host));
  return endpoint;
}

/** The change's steps on the host, as progress messages. */
export function stepProgress(deps: ProvisionDeps, where: string): (step: 'files' | 'restart') => void {
  return (step) => deps.progress?.(step === 'restart' ? l10n.t('Restarting the engine on {0}', where) : l10n.t('Writing the files on {0}', where));
}

/** How many times the engine is tried from here after its restart, a second apart: its TLS listener may open a moment after its socket. */
const ATTEMPTS = 3;

/**
 * Pings the engine from this machine with the new client certificate; undefined when it answers,
 * else why not, with a firewall hint when the engine listens on the port on the host itself.
 */
export async function verifyFromHere(deps: ProvisionDeps, draft: DockerContext, listening: boolean, where: string, port: number): Promise<string | undefined> {
  let result: PingResult | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    result = await deps.ping(draft);
    if (result.ok) return undefined;
    if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const said = result?.error ? `${result.error.message}` : '';
  if (listening) {
    return l10n.t(
      'The engine listens on port {0} on {1}, but this machine cannot reach it over TLS: {2} A firewall (ufw, firewalld, a cloud security group) may block the port; open TCP {0} to this machine and run this again.',
      String(port),
      where,
      said,
    );
  }
  return l10n.t('The engine on {0} does not listen on port {1} after the restart: {2}', where, String(port), said);
}
