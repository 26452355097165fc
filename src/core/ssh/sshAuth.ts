import { existsSync } from 'fs';
import type { AnyAuthMethod, AuthHandlerMiddleware, BaseAgent, IdentityCallback, ParsedKey, SignCallback, SigningRequestOptions } from 'ssh2';
import { errorCode } from '../errors';
import { ssh2 } from '../lazyModules';
import { SshHostDetails } from './sshConfig';
import { SshInteraction } from './sshTypes';
import * as l10n from '@vscode/l10n';
import { FILE_LIMITS, readUserFile } from '../userFile';

const OPENSSH_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';

/**
 * The agent to ask first: SSH_AUTH_SOCK; else on Windows the OpenSSH agent's pipe when that agent
 * runs, and Pageant otherwise (`pageant` is ssh2's name for it).
 */
export function agentSocket(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  pipeExists: (pipe: string) => boolean = existsSync,
): string | undefined {
  if (env.SSH_AUTH_SOCK) return env.SSH_AUTH_SOCK;
  if (platform !== 'win32') return undefined;
  return pipeExists(OPENSSH_AGENT_PIPE) ? OPENSSH_AGENT_PIPE : 'pageant';
}

/** The agent for a host: its IdentityAgent (a socket, or `none` for no agent), else `fallback` (SSH_AUTH_SOCK's). */
export function hostAgent(settings: Pick<SshHostDetails, 'identityAgent'>, fallback: string | undefined): string | undefined {
  if (settings.identityAgent === 'none') return undefined;
  return settings.identityAgent ?? fallback;
}

/** What an authentication attempt tried, for the message when it fails. */
export interface AuthLog {
  /** Each method and key file, with why it could not be used where that is known. */
  readonly tried: string[];
  /** Encrypted key files skipped because no one could be asked for their passphrase. */
  readonly locked: string[];
  /** User certificates ssh would offer (`<key>-cert.pub` beside a key) that the built-in client cannot. */
  readonly certificates: string[];
}

/**
 * The order OpenSSH authenticates in: the agent's keys, then each identity file exactly as
 * `ssh -G` lists them (its defaults only when the config names none), encrypted keys unlocked
 * through `interaction`. With IdentitiesOnly the agent offers only the keys of those identity
 * files, as ssh does, so a key whose private half only the agent holds (IdentityFile pointing at
 * the `.pub`) still signs. `log` collects what was attempted, for the message when everything
 * fails. Passphrases are used once and never kept here.
 */
export function authSequence(
  settings: Pick<SshHostDetails, 'user' | 'identityFiles' | 'identitiesOnly'>,
  agent: string | undefined,
  interaction: SshInteraction | undefined,
  log: AuthLog,
): AuthHandlerMiddleware {
  const steps: Array<() => Promise<AnyAuthMethod | undefined>> = [];
  const username = settings.user;
  const files = [...new Set(settings.identityFiles)];
  if (agent) {
    steps.push(async () => {
      log.tried.push(l10n.t('the SSH agent'));
      if (!settings.identitiesOnly) return { type: 'agent', username, agent };
      const wanted = await publicKeysOf(files);
      return wanted.length ? { type: 'agent', username, agent: onlyKeys(agent, wanted) } : undefined;
    });
  }
  for (const file of files) {
    steps.push(async () => {
      if (existsSync(`${file}-cert.pub`)) log.certificates.push(`${file}-cert.pub`);
      const key = await loadKey(file, interaction, log);
      return key ? { type: 'publickey', username, key } : undefined;
    });
  }
  return (methodsLeft, _partial, next) => {
    if (methodsLeft && !methodsLeft.includes('publickey')) {
      log.tried.push(l10n.t('(the server offers only {0})', methodsLeft.join(', ')));
      next(false as unknown as AnyAuthMethod);
      return;
    }
    void (async () => {
      while (steps.length) {
        const method = await steps.shift()!();
        if (method) return method;
      }
      return false as const;
    })().then(
      (m) => next(m as AnyAuthMethod),
      () => next(false as unknown as AnyAuthMethod),
    );
  };
}

async function loadKey(file: string, interaction: SshInteraction | undefined, log: AuthLog): Promise<ParsedKey | undefined> {
  const { tried } = log;
  let data: Buffer;
  try {
    data = await readUserFile(file, keyFileOptions());
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') tried.push(l10n.t('{0} (unreadable: {1})', file, errorCode(e) ?? l10n.t('not a regular file of at most 64 KiB')));
    return undefined;
  }
  const { utils } = ssh2();
  let parsed = utils.parseKey(data);
  if (!(parsed instanceof Error)) {
    tried.push(file);
    return Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
  }
  if (!/encrypted|passphrase/i.test(parsed.message)) {
    tried.push(l10n.t('{0} (not a usable private key)', file));
    return undefined;
  }
  if (!interaction) {
    tried.push(l10n.t('{0} (encrypted; no one to ask for its passphrase)', file));
    log.locked.push(file);
    return undefined;
  }
  for (let attempt = 1; attempt <= 3; attempt++) {
    const passphrase = await interaction.askPassphrase(file, attempt);
    if (passphrase === undefined) {
      tried.push(l10n.t('{0} (encrypted; no passphrase given)', file));
      return undefined;
    }
    parsed = utils.parseKey(data, passphrase);
    if (!(parsed instanceof Error)) {
      tried.push(file);
      return Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
    }
  }
  tried.push(l10n.t('{0} (wrong passphrase)', file));
  return undefined;
}

/** The public keys of identity files, as ssh reads them: from `<file>.pub`, else from the file itself (a public key, or a private key without a passphrase). */
async function publicKeysOf(files: readonly string[]): Promise<Buffer[]> {
  const { utils } = ssh2();
  const keys: Buffer[] = [];
  for (const file of files) {
    for (const candidate of [`${file}.pub`, file]) {
      const data = await readUserFile(candidate, keyFileOptions()).catch(() => undefined);
      const parsed = data && utils.parseKey(data);
      if (!parsed || parsed instanceof Error) continue;
      keys.push((Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed).getPublicSSH());
      break;
    }
  }
  return keys;
}

/** The agent at `socket`, showing only the keys in `wanted` (IdentitiesOnly). */
function onlyKeys(socket: string, wanted: readonly Buffer[]): BaseAgent {
  const { BaseAgent: Base, createAgent } = ssh2();
  const inner = createAgent(socket);
  class Filtered extends Base {
    getIdentities(cb: IdentityCallback<ParsedKey>): void {
      inner.getIdentities((err, keys) => {
        if (err) return cb(err);
        const parsed = (keys ?? []).filter((k): k is ParsedKey => typeof k === 'object' && !Buffer.isBuffer(k));
        cb(undefined, parsed.filter((k) => wanted.some((w) => w.equals(k.getPublicSSH()))));
      });
    }
    sign(pubKey: ParsedKey, data: Buffer, options: SigningRequestOptions | SignCallback, cb?: SignCallback): void {
      if (typeof options === 'function') inner.sign(pubKey, data, options);
      else inner.sign(pubKey, data, options, cb);
    }
  }
  return new Filtered();
}

/** An identity file is read as any file a person names: a regular file, no larger than a key. */
function keyFileOptions() {
  return { what: l10n.t('SSH key'), maxBytes: FILE_LIMITS.key, kind: 'unreadable-file' as const };
}
