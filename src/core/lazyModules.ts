/**
 * Heavy dependencies, loaded on first use rather than at activation: the bundle initialises a
 * module only when `require` runs, so these cost nothing until a ping or a certificate needs them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

function lazy<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

export const ssh2 = lazy(() => require('ssh2') as typeof import('ssh2'));
export const tar = lazy(() => require('tar') as typeof import('tar'));
export const yauzl = lazy(() => require('yauzl') as typeof import('yauzl'));
export const forge = lazy(() => require('node-forge') as typeof import('node-forge'));
/** The SSH clients and everything under them (ssh_config, known_hosts, askpass): loaded by the first SSH ping, hover or wizard. */
export const sshTransports = lazy(() => require('./ssh/sshTransports') as typeof import('./ssh/sshTransports'));
