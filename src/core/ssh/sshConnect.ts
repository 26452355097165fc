import type { Client } from 'ssh2';
import type { Readable } from 'stream';
import { errorCode, errorMessage } from '../errors';
import { ssh2 } from '../lazyModules';
import { PingFailure } from '../ping/pingTypes';
import { addHostKey, checkHostKey, fingerprintOf, keyTypeOf, knownHostsName } from './knownHosts';
import { authSequence } from './sshAuth';
import { SshConfigFile, SshHostSettings, parseHop } from './sshConfig';
import { SshInteraction, SshPolicy } from './sshTypes';

export interface SshConnectOptions {
  readonly config: SshConfigFile;
  readonly agent: string | undefined;
  readonly interaction: SshInteraction | undefined;
  readonly policy: SshPolicy;
  readonly signal: AbortSignal;
  /** Called with each step, for the log. Never given a secret. */
  readonly log?: (message: string) => void;
}

/** An open SSH connection to the target, and the hops it goes through. */
export interface SshConnection {
  readonly client: Client;
  readonly settings: SshHostSettings;
  close(): void;
}

/**
 * Connects to `host` as OpenSSH would: ~/.ssh/config applied, ProxyJump hops in order (each
 * through the one before, with ssh2's forwardOut), host keys checked against known_hosts,
 * and the agent and identity files tried in turn.
 */
export async function connectSsh(target: { user?: string; host: string; port?: number }, options: SshConnectOptions): Promise<SshConnection> {
  const settings = options.config.resolve(target.host, target.user, target.port);
  const chain: SshHostSettings[] = settings.proxyJump.map((hop) => {
    const h = parseHop(hop);
    return options.config.resolve(h.host, h.user, h.port);
  });
  chain.push(settings);
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

function forward(via: Client, to: SshHostSettings): Promise<Readable> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, to.hostname, to.port, (err, stream) => {
      if (err) {
        reject(new PingFailure('ssh-connection-failed', `The jump host could not reach ${to.hostname}:${to.port}: ${err.message}`, 'Check the ProxyJump chain in ~/.ssh/config and that the jump host may forward to this host.'));
      } else {
        resolve(stream);
      }
    });
  });
}

function connectHop(hop: SshHostSettings, sock: Readable | undefined, options: SshConnectOptions): Promise<Client> {
  const { Client } = ssh2();
  const client = new Client();
  const tried: string[] = [];
  let hostKeyFailure: PingFailure | undefined;
  const where = `${hop.user}@${hop.hostname}${hop.port === 22 ? '' : ':' + hop.port}`;

  const verifyHostKey = (key: Buffer, verify: (valid: boolean) => void): void => {
    void decideHostKey(hop, key, options).then(
      (failure) => {
        hostKeyFailure = failure;
        verify(failure === undefined);
      },
      (e: unknown) => {
        hostKeyFailure = new PingFailure('ssh-connection-failed', `Checking the host key of ${where} failed: ${errorMessage(e)}`, 'Check that known_hosts is readable.');
        verify(false);
      },
    );
  };

  return new Promise<Client>((resolve, reject) => {
    const onAbort = () => {
      client.end();
      reject(options.signal.reason instanceof Error ? options.signal.reason : new Error("aborted"));
    };
    if (options.signal.aborted) {
      onAbort();
      return;
    }
    options.signal.addEventListener('abort', onAbort, { once: true });
    const done = () => options.signal.removeEventListener('abort', onAbort);
    client.once('ready', () => {
      done();
      resolve(client);
    });
    client.once('error', (err: Error & { level?: string }) => {
      done();
      client.end();
      if (hostKeyFailure) {
        reject(hostKeyFailure);
      } else if (err.level === 'client-authentication') {
        reject(
          new PingFailure(
            'ssh-auth-failed',
            `SSH authentication as ${where} failed. Tried: ${tried.length ? tried.join('; ') : 'no key (no agent and no identity file found)'}.`,
            `Add your public key to ~/.ssh/authorized_keys of ${hop.user} on the host, load the right key into the agent (ssh-add), or set IdentityFile for this host in ~/.ssh/config.`,
          ),
        );
      } else if (err.level === 'client-timeout') {
        reject(new PingFailure('timeout', `The SSH handshake with ${where} did not finish in time.`, 'Check that the host is up and that SSH reaches it.'));
      } else if (errorCode(err) === 'ECONNREFUSED') {
        reject(new PingFailure('connection-refused', `Nothing accepts SSH connections at ${hop.hostname}:${hop.port}.`, 'Check that sshd runs on the host and that the port is right (Port in ~/.ssh/config or in the address).'));
      } else {
        reject(err);
      }
    });
    client.connect({
      host: sock ? undefined : hop.hostname,
      port: sock ? undefined : hop.port,
      sock,
      username: hop.user,
      hostVerifier: verifyHostKey,
      authHandler: authSequence(hop, options.config.defaultIdentityFiles(), options.agent, options.interaction, tried),
      readyTimeout: hop.connectTimeoutMs ?? 30000,
      keepaliveInterval: 15000,
      ident: 'SSH-2.0-docker-remote-contexts',
    });
  });
}

/** undefined to go on, or why the host key is refused. Asks or saves as the policy and config say. */
async function decideHostKey(hop: SshHostSettings, key: Buffer, options: SshConnectOptions): Promise<PingFailure | undefined> {
  const found = await checkHostKey(hop.knownHostsFiles, hop.hostname, hop.port, key);
  const name = knownHostsName(hop.hostname, hop.port);
  const fingerprint = fingerprintOf(key);
  if (found.status === 'known') return undefined;
  if (found.status === 'changed' || found.status === 'revoked') {
    return new PingFailure(
      'ssh-host-key-changed',
      `WARNING: the host key of ${name} has ${found.status === 'revoked' ? 'been revoked' : 'changed'} (now ${keyTypeOf(key)} ${fingerprint}). Someone may be intercepting the connection, or the host was reinstalled.`,
      found.status === 'changed'
        ? `If you know the host was reinstalled, remove the old key (ssh-keygen -R "${name}" -f ${found.file}) and connect again to review the new one.`
        : 'Do not connect to this host until its administrator issues a new key.',
    );
  }
  const saveTo = hop.knownHostsFiles[0];
  if (hop.strictHostKeyChecking === 'no' || hop.strictHostKeyChecking === 'accept-new') {
    options.log?.(`adding the new host key of ${name} (${fingerprint}) to ${saveTo}, as StrictHostKeyChecking ${hop.strictHostKeyChecking} asks`);
    await addHostKey(saveTo, hop.hostname, hop.port, key);
    return undefined;
  }
  const unknown = new PingFailure(
    'ssh-host-key-unknown',
    `The host key of ${name} is not in known_hosts (${keyTypeOf(key)} ${fingerprint}).`,
    `Check the fingerprint with the host's administrator, then ping from the editor to trust it, or run: ssh -p ${hop.port} ${hop.user}@${hop.hostname}`,
  );
  if (hop.strictHostKeyChecking === 'yes') return unknown;
  if (options.policy.acceptUnknownHostKey) {
    options.log?.(`accepting the unknown host key of ${name} (${fingerprint}) for this connection only`);
    return undefined;
  }
  if (!options.interaction) return unknown;
  const answer = await options.interaction.confirmHostKey({ host: hop.hostname, port: hop.port, keyType: keyTypeOf(key), fingerprint, knownHostsFile: saveTo });
  if (answer === 'reject') return unknown;
  if (answer === 'save') await addHostKey(saveTo, hop.hostname, hop.port, key);
  return undefined;
}
