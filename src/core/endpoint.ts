import { isIPv6 } from 'net';
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

/** Whether `text` holds a control character (a line break, a tab, NUL…), which the docker CLI's URL parser refuses. */
function hasControlCharacter(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}
const HOSTNAME = /^[A-Za-z0-9_](?:[A-Za-z0-9._-]*)$/;
const USER = /^(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+$/;
const PATH = /^(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*$/;

/**
 * Parses a Docker endpoint Host the way the docker CLI reads it, and at least as strictly:
 * `unix:///path`, `npipe:////./pipe/name`, `tcp://host[:port]`, `ssh://[user@]host[:port][/socket]`.
 * Refuses control characters (a line break, a tab), white space around the address or inside a
 * host name, an empty host or path, a port outside 1–65535, a password, a query, a fragment, and a
 * host or user starting with "-" (ssh would read it as an option). A tcp port left out is decided
 * by the caller (2376 with TLS, 2375 without).
 */
export function parseEndpoint(host: string): Endpoint {
  if (typeof host !== 'string') throw new EndpointError(l10n.t('A Docker endpoint must be text such as ssh://user@host or tcp://host:2376.'));
  if (hasControlCharacter(host)) {
    throw new EndpointError(l10n.t('{0} holds a control character (a line break or a tab): write the address on one line.', JSON.stringify(host)));
  }
  if (host !== host.trim()) throw new EndpointError(l10n.t('"{0}" has spaces around it: remove them.', host));
  const transport = endpointTransport(host);
  const rest = host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  switch (transport) {
    case 'unix':
      if (!rest.startsWith('/')) throw new EndpointError(l10n.t('"{0}" names no socket: write it as unix:///path/to/docker.sock.', host));
      return { transport, socketPath: rest };
    case 'npipe':
      if (!/^\/\/[^/]+\/pipe\/[^/]+/.test(rest.replace(/\\/g, '/'))) {
        throw new EndpointError(l10n.t('"{0}" names no pipe: write it as npipe:////./pipe/docker_engine.', host));
      }
      return { transport, pipePath: rest.replace(/\//g, '\\') };
    case 'tcp':
    case 'ssh':
      return parseNetworkEndpoint(host, rest, transport);
    default:
      throw new EndpointError(l10n.t('"{0}" is not a Docker endpoint: use unix://, npipe://, tcp:// or ssh://.', host));
  }
}

function parseNetworkEndpoint(host: string, rest: string, transport: 'tcp' | 'ssh'): Endpoint {
  const form = transport === 'tcp' ? 'tcp://host:2376' : 'ssh://user@host[:port]';
  const invalid = () => new EndpointError(l10n.t('"{0}" is not a valid address: write it as {1}.', host, form));
  if (/\s/.test(rest)) throw new EndpointError(l10n.t('"{0}" holds a space: a host name has none. Write it as {1}.', host, form));
  if (/[?#]/.test(rest)) {
    throw new EndpointError(transport === 'ssh' ? l10n.t('"{0}": an ssh:// address takes no query or fragment.', host) : invalid().message);
  }
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const pathPart = slash < 0 ? '' : rest.slice(slash);
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? undefined : authority.slice(0, at);
  const hostPort = authority.slice(at + 1);
  let hostname: string;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) throw invalid();
    hostname = hostPort.slice(1, close);
    if (!isIPv6(hostname)) throw new EndpointError(l10n.t('"{0}": {1} is not an IPv6 address.', host, hostname));
    const after = hostPort.slice(close + 1);
    if (after && !after.startsWith(':')) throw invalid();
    portText = after ? after.slice(1) : undefined;
  } else {
    const colon = hostPort.indexOf(':');
    hostname = colon < 0 ? hostPort : hostPort.slice(0, colon);
    portText = colon < 0 ? undefined : hostPort.slice(colon + 1);
    if (!hostname) throw new EndpointError(l10n.t('"{0}" names no host.', host));
    if (!HOSTNAME.test(hostname)) {
      throw new EndpointError(l10n.t('"{0}": "{1}" is not a host name; use letters, digits, ".", "-" and "_", not starting with "-".', host, hostname));
    }
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw new EndpointError(l10n.t('"{0}" has an invalid port: use a number from 1 to 65535.', host));
  }
  if (transport === 'tcp') {
    if (userInfo !== undefined) throw new EndpointError(l10n.t('"{0}": a tcp:// endpoint carries no user name.', host));
    if (pathPart && pathPart !== '/') throw new EndpointError(l10n.t('"{0}": a tcp:// endpoint carries no path.', host));
    return { transport, hostname, port };
  }
  let user: string | undefined;
  if (userInfo !== undefined) {
    if (userInfo.includes(':')) throw new EndpointError(l10n.t('"{0}": put no password in an ssh:// address; use a key or the agent.', host));
    if (!USER.test(userInfo)) throw new EndpointError(l10n.t('"{0}": "{1}" is not a valid user name.', host, userInfo));
    user = decodeURIComponent(userInfo);
    if (user.startsWith('-') || hasControlCharacter(user)) throw new EndpointError(l10n.t('"{0}": "{1}" is not a valid user name.', host, userInfo));
  }
  if (!PATH.test(pathPart)) throw new EndpointError(l10n.t('"{0}" has an invalid socket path.', host));
  const socketPath = pathPart && pathPart !== '/' ? decodeURIComponent(pathPart) : undefined;
  if (socketPath !== undefined && hasControlCharacter(socketPath)) throw new EndpointError(l10n.t('"{0}" has an invalid socket path.', host));
  return { transport, user, hostname, port, socketPath };
}

/**
 * The Host to store for an address a person typed, on create and on edit alike: checked by
 * `parseEndpoint`, a `npipe://` refused off Windows (the docker CLI cannot reach it there), and a
 * tcp:// address given its port (`defaultTcpPort` when left out). Throws an EndpointError that
 * says what to write.
 */
export function storableHost(host: string, options: { platform?: NodeJS.Platform; defaultTcpPort?: number } = {}): string {
  const endpoint = parseEndpoint(host);
  switch (endpoint.transport) {
    case 'npipe':
      if ((options.platform ?? process.platform) !== 'win32') {
        throw new EndpointError(l10n.t('"{0}" is a Windows named pipe, which the docker CLI cannot reach on this machine: use unix://, tcp:// or ssh://.', host));
      }
      return host;
    case 'tcp': {
      const name = endpoint.hostname.includes(':') ? `[${endpoint.hostname}]` : endpoint.hostname;
      const port = endpoint.port ?? options.defaultTcpPort;
      return port === undefined ? `tcp://${name}` : `tcp://${name}:${port}`;
    }
    default:
      return host;
  }
}
