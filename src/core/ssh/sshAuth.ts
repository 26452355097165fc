import { existsSync, promises as fs } from 'fs';
import type { AnyAuthMethod, AuthHandlerMiddleware, ParsedKey } from 'ssh2';
import { errorCode } from '../errors';
import { ssh2 } from '../lazyModules';
import { SshHostSettings } from './sshConfig';
import { SshInteraction } from './sshTypes';
import * as l10n from '@vscode/l10n';

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

/** What an authentication attempt tried, for the message when it fails. */
export interface AuthLog {
  /** Each method and key file, with why it could not be used where that is known. */
  readonly tried: string[];
  /** Encrypted key files skipped because no one could be asked for their passphrase. */
  readonly locked: string[];
}

/**
 * The order OpenSSH authenticates in: the agent (unless IdentitiesOnly), then each identity
 * file (the config's, then the default ones), encrypted keys unlocked through `interaction`.
 * `log` collects what was attempted, for the message when everything fails. Passphrases are
 * used once and never kept here.
 */
export function authSequence(
  settings: SshHostSettings,
  defaults: readonly string[],
  agent: string | undefined,
  interaction: SshInteraction | undefined,
  log: AuthLog,
): AuthHandlerMiddleware {
  const steps: Array<() => Promise<AnyAuthMethod | undefined>> = [];
  const username = settings.user;
  if (agent && !settings.identitiesOnly) {
    steps.push(() => {
      log.tried.push(l10n.t('the SSH agent'));
      return Promise.resolve({ type: 'agent', username, agent });
    });
  }
  const files = [...settings.identityFiles, ...(settings.identitiesOnly && settings.identityFiles.length ? [] : defaults)];
  for (const file of [...new Set(files)]) {
    steps.push(async () => {
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
    data = await fs.readFile(file);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') tried.push(l10n.t('{0} (unreadable: {1})', file, errorCode(e) ?? 'error'));
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
