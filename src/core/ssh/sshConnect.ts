import type { Client } from 'ssh2';
import * as path from 'path';
import * as net from 'net';
import type { Readable } from 'stream';
import { Deadline, PauseClock, pauseAll } from '../deadline';
import { errorMessage } from '../errors';
import { ssh2 } from '../lazyModules';
import { sshConfigFailure } from '../ping/classifyError';
import { PingFailure } from '../ping/pingTypes';
import { checkHostKey, fingerprintOf, keyTypeOf, knownHostsLookupName, orderHostKeyAlgorithms, recordHostKey } from './knownHosts';
import { builtinRefusal } from './builtinLimits';
import { handshakeFailure, handshakeTimeout } from './sshHandshakeFailure';
import { SshSurroundings } from './config/types';
import { AuthLog, authSequence, hostAgent } from './sshAuth';
import { SshConfigError } from './sshConfig';
import { ResolvedSshHost, resolveSshChain } from './sshResolve';
import { SshInteraction, SshPolicy } from './sshTypes';
import * as l10n from '@vscode/l10n';

export interface SshConnectOptions {
  /** Where ssh would run: whose home and config, which environment. Read afresh for each connection. */
  readonly surroundings: SshSurroundings;
  /** The agent for hosts whose IdentityAgent names none: SSH_AUTH_SOCK's, or Windows' own. */
  readonly agent: string | undefined;
  readonly interaction: SshInteraction | undefined;
  readonly policy: SshPolicy;
  readonly signal: AbortSignal;
  /** Stops the caller's clock while a person answers a prompt. */
  readonly pause?: PauseClock;
  /** Called with each step, for the log. Never given a secret. */
  readonly log?: (message: string) => void;
}

/** An open SSH connection to the target, and the hops it goes through. */
export interface SshConnection {
  readonly client: Client;
  readonly settings: ResolvedSshHost;
  close(): void;
}

/**
 * Connects to `host` as OpenSSH would: each host of the ProxyJump chain resolved as ssh resolves
 * it (`ssh -G` where OpenSSH is installed), each hop reached through the one before with ssh2's
 * forwardOut, host keys checked against the user's and the global known_hosts, and the agent and
 * identity files tried in turn. A setting only OpenSSH can honour is refused before connecting;
 * a configuration ssh refuses throws SshConfigError.
 */
export async function connectSsh(target: { user?: string; host: string; port?: number }, options: SshConnectOptions): Promise<SshConnection> {
  const chain = await resolveSshChain(target, options.surroundings, options.signal).catch((e: unknown) => {
    const where = options.surroundings;
    throw e instanceof SshConfigError ? sshConfigFailure(e, target.host, where.configFile ?? path.join(where.homeDir, '.ssh', 'config')) : e;
  });
  for (const hop of chain) {
    const refusal = builtinRefusal(hop);
    if (refusal) throw refusal;
  }
  const settings = chain[chain.length - 1];
  const opened: Client[] = [];
  const closeAll = () => {
    for (const c of opened.reverse()) c.end();
  };
  try {
    let sock: Readable | undefined;
    for (let i = 0; i < chain.length; i++) {
      const hop = chain[i];
      if (i > 0) sock = await forward(opened[i - 1], hop);
      options.log?.(`connecting to ${hop.user}@${hop.hostname}:${hop.port}${i < chain.length - 1 ? ' (jump host)' : ''}`);
      opened.push(await connectHop(hop, sock, options));
    }
  } catch (e) {
    closeAll();
    throw e;
  }
  const client = opened[opened.length - 1];
  return { client, settings, close: closeAll };
}

function forward(via: Client, to: ResolvedSshHost): Promise<Readable> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, to.hostname, to.port, (err, stream) => {
      if (err) {
        reject(new PingFailure('ssh-connection-failed', l10n.t('The jump host could not reach {0}:{1}: {2}', to.hostname, to.port, err.message), l10n.t('Check the ProxyJump chain in ~/.ssh/config and that the jump host may forward to this host.')));
      } else {
        // The next hop's client reports what goes wrong on the stream; this keeps an error before it listens from ending the process.
        stream.on('error', () => undefined);
        resolve(stream);
      }
    });
  });
}

async function connectHop(hop: ResolvedSshHost, sock: Readable | undefined, outer: SshConnectOptions): Promise<Client> {
  // Offer first the key types known_hosts holds for the host, as OpenSSH does.
  const serverHostKey = await orderHostKeyAlgorithms(hop, hop.hostname, hop.port);
  const { Client } = ssh2();
  const client = new Client();
  // ConnectTimeout (else 30 s) for the handshake, counting network time only, as the ping's own limit does.
  const handshake = new Deadline(hop.connectTimeoutMs ?? 30000);
  const pause = pauseAll([outer.pause, handshake.whilePaused]);
  const options: SshConnectOptions = { ...outer, interaction: outer.interaction && pausing(outer.interaction, pause) };
  const log: AuthLog = { tried: [], locked: [], certificates: [] };
  let hostKeyFailure: PingFailure | undefined;
  const where = `${hop.user}@${hop.hostname}${hop.port === 22 ? '' : ':' + hop.port}`;

  const verifyHostKey = (key: Buffer, verify: (valid: boolean) => void): void => {
    void decideHostKey(hop, key, options).then(
      (failure) => {
        hostKeyFailure = failure;
        verify(failure === undefined);
      },
      (e: unknown) => {
        hostKeyFailure = new PingFailure('ssh-connection-failed', l10n.t('Checking the host key of {0} failed: {1}', where, errorMessage(e)), l10n.t('Check that known_hosts is readable.'));
        verify(false);
      },
    );
  };

  // Our own socket for the first hop, so that a failed handshake can be ended outright.
  const socket: Readable = sock ?? net.connect({ host: hop.hostname, port: hop.port });
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    let handshaken = false;
    const settle = (failure: Error | undefined) => {
      if (settled) return;
      settled = true;
      handshake.dispose();
      options.signal.removeEventListener('abort', onAbort);
      handshake.signal.removeEventListener('abort', onHandshakeTimeout);
      if (failure === undefined) {
        resolve(client);
        return;
      }
      // Hang up for good: ssh2 only half-closes, and a peer that goes on talking (or never closes)
      // would keep the connection, and ssh2 parsing and failing again, alive.
      client.end();
      socket.destroy();
      reject(failure);
    };
    const onAbort = () => settle(options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted'));
    const onHandshakeTimeout = () => settle(handshakeTimeout(where));
    if (options.signal.aborted) {
      onAbort();
      return;
    }
    options.signal.addEventListener('abort', onAbort, { once: true });
    handshake.signal.addEventListener('abort', onHandshakeTimeout, { once: true });
    // Pings are small requests and answers: without TCP_NODELAY, Nagle's algorithm meets the
    // server's delayed ACK and each request over a warm connection waits some 40 ms.
    client.once('connect', () => client.setNoDelay(true));
    client.once('handshake', () => (handshaken = true));
    client.once('ready', () => settle(undefined));
    // For the client's whole life: ssh2 may emit several errors (each chunk a confused peer sends,
    // then the socket's own), and an 'error' nobody listens to ends a plain Node process.
    client.on('error', (err: Error & { level?: string }) => {
      if (settled) {
        options.log?.(`SSH connection to ${where}: ${err.message}`);
        socket.destroy();
        return;
      }
      settle(handshakeFailure(err, { where, hop, handshaken, hostKeyFailure, log, interaction: options.interaction }));
    });
    client.connect({
      sock: socket,
      username: hop.user,
      hostVerifier: verifyHostKey,
      algorithms: { serverHostKey },
      authHandler: authSequence(hop, hostAgent(hop, options.agent), options.interaction, log),
      // The handshake's limit is `handshake` above, which stops while a person answers a prompt.
      readyTimeout: 0,
      keepaliveInterval: 15000,
      ident: 'SSH-2.0-docker-remote-contexts',
    });
  });
}

/** `interaction` with every question asked while `pause` holds the clocks. */
function pausing(interaction: SshInteraction, pause: PauseClock): SshInteraction {
  return {
    confirmHostKey: (question) => pause(() => interaction.confirmHostKey(question)),
    askPassphrase: (keyFile, attempt) => pause(() => interaction.askPassphrase(keyFile, attempt)),
  };
}

/** undefined to go on, or why the host key is refused. Asks or saves as the policy and config say. */
async function decideHostKey(hop: ResolvedSshHost, key: Buffer, options: SshConnectOptions): Promise<PingFailure | undefined> {
  const found = await checkHostKey(hop, hop.hostname, hop.port, key);
  const name = knownHostsLookupName(hop, hop.hostname, hop.port);
  const fingerprint = fingerprintOf(key);
  if (found.status === 'known') return undefined;
  if (found.status === 'certificate') {
    // Never trusted silently, and never taken for a new host either.
    return new PingFailure(
      'ssh-connection-failed',
      l10n.t('{0} is trusted through host certificates ({1} line {2} is a @cert-authority line for it); the built-in SSH client cannot verify a host certificate.', name, found.file, found.line),
      l10n.t('Install OpenSSH or set dockerContexts.sshClient to openssh.'),
    );
  }
  if (found.status === 'changed' || found.status === 'revoked') {
    return new PingFailure(
      'ssh-host-key-changed',
      found.status === 'revoked'
        ? l10n.t('WARNING: the host key of {0} has been revoked (now {1} {2}). Someone may be intercepting the connection, or the host was reinstalled.', name, keyTypeOf(key), fingerprint)
        : l10n.t('WARNING: the host key of {0} has changed (now {1} {2}). Someone may be intercepting the connection, or the host was reinstalled.', name, keyTypeOf(key), fingerprint),
      found.status === 'changed'
        ? l10n.t('If you know the host was reinstalled, remove the old key (ssh-keygen -R "{0}" -f {1}) and connect again to review the new one.', name, found.file)
        : l10n.t('Do not connect to this host until its administrator issues a new key.'),
    );
  }
  const saveTo = hop.knownHostsFiles[0];
  const unknown = new PingFailure(
    'ssh-host-key-unknown',
    l10n.t('The host key of {0} is not in known_hosts ({1} {2}).', name, keyTypeOf(key), fingerprint),
    l10n.t("Check the fingerprint with the host's administrator, then ping from the editor to trust it, or run: ssh -p {0} {1}@{2}", hop.port, hop.user, hop.hostname),
  );
  if (saveTo === undefined) {
    // UserKnownHostsFile none: ssh (9.2) refuses every host its files do not know, whatever
    // StrictHostKeyChecking says, and asks nothing.
    return new PingFailure(
      'ssh-host-key-unknown',
      l10n.t('The host key of {0} is in no known_hosts file ({1} {2}), and UserKnownHostsFile none leaves nowhere to keep it: ssh refuses such a host too.', name, keyTypeOf(key), fingerprint),
      l10n.t('Name a UserKnownHostsFile for this host in ~/.ssh/config, or add its key to a GlobalKnownHostsFile.'),
    );
  }
  if (hop.strictHostKeyChecking === 'no' || hop.strictHostKeyChecking === 'accept-new') {
    options.log?.(`adding the new host key of ${name} (${fingerprint}) to ${saveTo}, as StrictHostKeyChecking ${hop.strictHostKeyChecking} asks`);
    await recordHostKey(hop, hop.hostname, hop.port, key);
    return undefined;
  }
  if (hop.strictHostKeyChecking === 'yes') return unknown;
  if (options.policy.acceptUnknownHostKey) {
    options.log?.(`accepting the unknown host key of ${name} (${fingerprint}) for this connection only`);
    return undefined;
  }
  if (!options.interaction) return unknown;
  const answer = await options.interaction.confirmHostKey({ host: hop.hostname, port: hop.port, keyType: keyTypeOf(key), fingerprint, knownHostsFile: saveTo });
  if (answer === 'reject') return unknown;
  if (answer === 'save') await recordHostKey(hop, hop.hostname, hop.port, key);
  return undefined;
}
