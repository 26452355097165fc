import { ContextError } from '../errors';
import { readClientMaterial, validateClientMaterial } from '../tls/tlsMaterial';
import { ContextStore } from './contextStore';
import { storedHost, tlsPathsOf } from './newContexts';
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
    const stored = storedHost(input.host);
    if ('problem' in stored) throw new ContextError('invalid-host', stored.problem);
    docker.Host = stored.host;
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
