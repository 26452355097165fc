import { FILE_LIMITS, readUserFile } from '../userFile';
import { EndpointError, endpointTransport, storableHost } from '../endpoint';
import { ContextError } from '../errors';
import { DEFAULT_TLS_PORT } from '../ping/pingContext';
import { ClientMaterialInfo, TlsFilePaths, certDirFiles, readClientMaterial, validateClientMaterial } from '../tls/tlsMaterial';
import { ContextStore } from './contextStore';
import { contextNameProblem } from './contextName';
import { ContextMeta, DockerContext } from './types';
import * as l10n from '@vscode/l10n';

/** meta.json as `docker context create` writes it: Metadata is `{}` without a description. */
export function contextMeta(name: string, host: string, description: string | undefined, skipTlsVerify = false): ContextMeta {
  return {
    Name: name,
    Metadata: description ? { Description: description } : {},
    Endpoints: { docker: { Host: host, SkipTLSVerify: skipTlsVerify } },
  };
}

/** A context that exists only in memory, to test a connection before it is saved. */
export function draftContext(name: string, host: string, tls: TlsFilePaths | undefined, skipTlsVerify = false): DockerContext {
  return {
    name,
    description: '',
    host,
    skipTlsVerify,
    tls: tls ? { ...tls } : {},
    isDefault: false,
    meta: contextMeta(name, host, undefined, skipTlsVerify),
  };
}

/** Why `name` cannot be a new context in `store`, or undefined. */
export function newNameProblem(store: ContextStore, name: string): string | undefined {
  return contextNameProblem(name) ?? (store.exists(name) ? l10n.t('A context named "{0}" already exists; choose another name.', name) : undefined);
}

function checkNewName(store: ContextStore, name: string): void {
  const problem = newNameProblem(store, name);
  if (problem) throw new ContextError(name === 'default' ? 'reserved-name' : store.exists(name) ? 'already-exists' : 'invalid-name', problem);
}

/** Why `host` is not an ssh:// address the docker CLI accepts, or undefined. */
export function sshHostProblem(host: string): string | undefined {
  const stored = storedHost(host, DEFAULT_TLS_PORT);
  if ('problem' in stored) return stored.problem;
  return endpointTransport(stored.host) === 'ssh' ? undefined : l10n.t('"{0}" is not an SSH address: write it as ssh://user@host[:port].', host);
}

/** `tcp://host[:port]` with the port made explicit (2376 when left out), or a reason it is not one. */
export function normaliseTcpHost(host: string): { host: string } | { problem: string } {
  const withScheme = typeof host === 'string' && /^[a-z]+:\/\//i.test(host) ? host : `tcp://${host}`;
  const stored = storedHost(withScheme, DEFAULT_TLS_PORT);
  if ('problem' in stored) return stored;
  return endpointTransport(stored.host) === 'tcp' ? stored : { problem: l10n.t('"{0}" is not a TCP address: write it as tcp://host:2376.', host) };
}

/** The one check of a typed host, on create and on edit: what to store, or what is wrong with it. */
export function storedHost(host: string, defaultTcpPort = DEFAULT_TLS_PORT): { host: string } | { problem: string } {
  try {
    return { host: storableHost(host, { defaultTcpPort }) };
  } catch (e) {
    if (e instanceof EndpointError) return { problem: e.message };
    throw e;
  }
}

export interface SshContextInput {
  readonly name: string;
  /** `ssh://[user@]host[:port][/socket]` */
  readonly host: string;
  readonly description?: string;
}

/** `docker context create NAME --docker host=ssh://…`. */
export async function createSshContext(store: ContextStore, input: SshContextInput): Promise<void> {
  checkNewName(store, input.name);
  const problem = sshHostProblem(input.host);
  if (problem) throw new ContextError('invalid-host', problem);
  await store.create(contextMeta(input.name, input.host, input.description));
}

export interface TlsContextInput {
  readonly name: string;
  /** `tcp://host[:port]`; port 2376 when left out. */
  readonly host: string;
  /** The three files, or `certDir` holding ca.pem, cert.pem and key.pem. */
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly certDir?: string;
  readonly skipTlsVerify?: boolean;
  readonly description?: string;
}

/** The three paths of a TLS input, from `certDir` or the separate files. */
export function tlsPathsOf(input: Pick<TlsContextInput, 'ca' | 'cert' | 'key' | 'certDir'>): TlsFilePaths {
  if (input.certDir) return certDirFiles(input.certDir);
  if (!input.ca || !input.cert || !input.key) {
    throw new ContextError('invalid-tls-material', l10n.t('A TLS context needs ca, cert and key files, or a certDir that holds ca.pem, cert.pem and key.pem.'));
  }
  return { ca: input.ca, cert: input.cert, key: input.key };
}

/**
 * `docker context create NAME --docker host=tcp://…,ca=…,cert=…,key=…`: validates everything
 * first, then copies the material into the store (folder 0700, files 0600). Nothing is written
 * when a check fails.
 */
export async function createTlsContext(store: ContextStore, input: TlsContextInput): Promise<ClientMaterialInfo> {
  checkNewName(store, input.name);
  const host = normaliseTcpHost(input.host);
  if ('problem' in host) throw new ContextError('invalid-host', host.problem);
  const material = await readClientMaterial(tlsPathsOf(input));
  const info = validateClientMaterial(material);
  await store.create(contextMeta(input.name, host.host, input.description, input.skipTlsVerify === true), {
    docker: { 'ca.pem': material.ca, 'cert.pem': material.cert, 'key.pem': material.key },
  });
  return info;
}

/**
 * `docker context create NAME` with no endpoint flags: the current DOCKER_HOST,
 * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH become a named context.
 */
export async function createContextFromEnvironment(store: ContextStore, name: string, description?: string): Promise<void> {
  checkNewName(store, name);
  const from = store.defaultContext();
  const files: Record<string, Buffer> = {};
  for (const kind of ['ca', 'cert', 'key'] as const) {
    const file = from.tls[kind];
    if (file) files[`${kind}.pem`] = await readUserFile(file, { what: l10n.t('TLS file of DOCKER_CERT_PATH'), maxBytes: FILE_LIMITS.caBundle, kind: 'invalid-tls-material' });
  }
  await store.create(contextMeta(name, from.host, description, from.skipTlsVerify), Object.keys(files).length ? { docker: files } : undefined);
}
