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
