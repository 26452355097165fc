import * as l10n from '@vscode/l10n';

/** How a Docker endpoint is reached, from the scheme of its Host. */
export type Transport = 'unix' | 'npipe' | 'tcp' | 'ssh' | 'unknown';

export function endpointTransport(host: string): Transport {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(host)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'unix':
    case 'npipe':
    case 'tcp':
    case 'ssh':
      return scheme;
    case 'http':
    case 'https':
      return 'tcp';
    default:
      return 'unknown';
  }
}

/** A Docker endpoint Host taken apart. */
export type Endpoint =
  | { readonly transport: 'unix'; readonly socketPath: string }
  | { readonly transport: 'npipe'; readonly pipePath: string }
  | { readonly transport: 'tcp'; readonly hostname: string; readonly port: number | undefined }
  | { readonly transport: 'ssh'; readonly user: string | undefined; readonly hostname: string; readonly port: number | undefined; readonly socketPath: string | undefined };

export class EndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

/**
 * Parses a Docker endpoint Host the way the docker CLI reads it: `unix:///path`,
 * `npipe:////./pipe/name`, `tcp://host[:port]`, `ssh://[user@]host[:port][/socket]`.
 * A tcp port left out is decided by the caller (2376 with TLS, 2375 without).
 */
export function parseEndpoint(host: string): Endpoint {
  const transport = endpointTransport(host);
  const rest = host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  switch (transport) {
    case 'unix':
      if (!rest) throw new EndpointError(l10n.t('"{0}" names no socket: write it as unix:///path/to/docker.sock.', host));
      return { transport, socketPath: rest };
    case 'npipe':
      if (!rest) throw new EndpointError(l10n.t('"{0}" names no pipe: write it as npipe:////./pipe/docker_engine.', host));
      return { transport, pipePath: rest.replace(/\//g, '\\') };
    case 'tcp':
    case 'ssh':
      return parseNetworkEndpoint(host, transport);
    default:
      throw new EndpointError(l10n.t('"{0}" is not a Docker endpoint: use unix://, npipe://, tcp:// or ssh://.', host));
  }
}

function parseNetworkEndpoint(host: string, transport: 'tcp' | 'ssh'): Endpoint {
  let url: URL;
  try {
    url = new URL(host.replace(/^[a-z]+:/i, `${transport}:`));
  } catch {
    throw new EndpointError(l10n.t('"{0}" is not a valid address: write it as {1}.', host, transport === 'tcp' ? 'tcp://host:2376' : 'ssh://user@host[:port]'));
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) throw new EndpointError(l10n.t('"{0}" names no host.', host));
  const port = url.port ? Number(url.port) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new EndpointError(l10n.t('"{0}" has an invalid port.', host));
  }
  if (transport === 'tcp') {
    if (url.username || url.password) throw new EndpointError(l10n.t('"{0}": a tcp:// endpoint carries no user name.', host));
    if (url.pathname && url.pathname !== '/') throw new EndpointError(l10n.t('"{0}": a tcp:// endpoint carries no path.', host));
    return { transport, hostname, port };
  }
  if (url.password) throw new EndpointError(l10n.t('"{0}": put no password in an ssh:// address; use a key or the agent.', host));
  if (url.search || url.hash) throw new EndpointError(l10n.t('"{0}": an ssh:// address takes no query or fragment.', host));
  const socketPath = url.pathname && url.pathname !== '/' ? decodeURIComponent(url.pathname) : undefined;
  return { transport, user: url.username ? decodeURIComponent(url.username) : undefined, hostname, port, socketPath };
}
