import { ContextError } from '../errors';
import { readClientMaterial, validateClientMaterial } from '../tls/tlsMaterial';
import { ContextStore } from './contextStore';
import { normaliseTcpHost, sshHostProblem, tlsPathsOf } from './newContexts';
import { endpointTransport } from '../endpoint';
import * as l10n from '@vscode/l10n';

export interface UpdateContextInput {
  readonly name: string;
  readonly description?: string;
  /** A new endpoint: tcp://… or ssh://… (or unix://, npipe://). */
  readonly host?: string;
  readonly skipTlsVerify?: boolean;
  /**
   * What becomes of the TLS material: `keep` it (the default), `remove` it, or replace it with
   * new files (`{ ca, cert, key }` or `{ certDir }`), validated first.
   */
  readonly tls?: 'keep' | 'remove' | { ca?: string; cert?: string; key?: string; certDir?: string };
}

/**
 * `docker context update`: changes the description or the endpoint of a context and keeps
 * every key it does not know. Checks everything before writing.
 */
export async function updateContext(store: ContextStore, input: UpdateContextInput): Promise<void> {
  const current = await store.get(input.name);
  if (current.isDefault) throw new ContextError('reserved-name', l10n.t('The "default" context comes from the environment and cannot be edited.'));
  const docker = { ...(current.meta.Endpoints?.docker ?? {}) };
  if (input.host !== undefined) {
    const transport = endpointTransport(input.host);
    if (transport === 'tcp') {
      const h = normaliseTcpHost(input.host);
      if ('problem' in h) throw new ContextError('invalid-host', h.problem);
      docker.Host = h.host;
    } else if (transport === 'ssh') {
      const problem = sshHostProblem(input.host);
      if (problem) throw new ContextError('invalid-host', problem);
      docker.Host = input.host;
    } else if (transport === 'unix' || transport === 'npipe') {
      docker.Host = input.host;
    } else {
      throw new ContextError('invalid-host', l10n.t('"{0}" is not a Docker endpoint: use tcp://, ssh://, unix:// or npipe://.', input.host));
    }
  }
  if (input.skipTlsVerify !== undefined) docker.SkipTLSVerify = input.skipTlsVerify;
  let tls: Parameters<ContextStore['update']>[1];
  if (input.tls === 'remove') tls = null;
  else if (input.tls && input.tls !== 'keep') {
    const material = await readClientMaterial(tlsPathsOf(input.tls));
    validateClientMaterial(material);
    tls = { docker: { 'ca.pem': material.ca, 'cert.pem': material.cert, 'key.pem': material.key } };
  }
  const metadata = { ...(current.meta.Metadata ?? {}) };
  if (input.description !== undefined) {
    if (input.description) metadata.Description = input.description;
    else delete metadata.Description;
  }
  await store.update({ ...current.meta, Metadata: metadata, Endpoints: { ...current.meta.Endpoints, docker } }, tls);
}
