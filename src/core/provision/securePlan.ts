import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { HostFacts } from './hostFacts';
import { EngineManager, EngineOnHost, ProvisionError, commandLineWithout, movedHosts } from './engineOnHost';
import { RunAs } from './remoteScript';

/** A file the plan puts on the host. */
export interface PlannedRemoteFile {
  readonly path: string;
  /** `0400` or `0444`. */
  readonly mode: string;
  /** `root:root`, or the user's name for a rootless engine. */
  readonly owner: string;
  readonly what: 'ca' | 'server-cert' | 'server-key';
}

/** Everything that will change on the host, shown before anything does. */
export interface SecurePlan {
  /** `user@host` of the SSH context. */
  readonly where: string;
  readonly os: string;
  readonly engineVersion?: string;
  readonly manager: EngineManager;
  readonly runAs: RunAs;
  /** The TLS folder on the host (0700) and the three files in it. */
  readonly tlsDir: string;
  readonly files: readonly PlannedRemoteFile[];
  readonly daemonJson: { readonly path: string; readonly before?: string; readonly after: string; readonly mode: string };
  /** A systemd drop-in that starts dockerd without the flags daemon.json now holds. */
  readonly dropIn?: { readonly path: string; readonly text: string };
  /** The command that restarts the engine. */
  readonly restart: string;
  readonly containersRunning: number;
  readonly liveRestore: boolean;
  /** Where the replaced files are kept on the host. */
  readonly backupDir: string;
  /** The docker host the extension checks on the host (its unix socket). */
  readonly dockerHost: string;
  /** `tcp://HOST:PORT`, the new context's endpoint. */
  readonly endpoint: string;
  readonly port: number;
  readonly hostnames: readonly string[];
  readonly ips: readonly string[];
  /** Things the person should know (a TCP listener that becomes TLS, containers that stop). */
  readonly notes: readonly string[];
}

export interface PlanInput {
  readonly where: string;
  /** The host name or address this machine reaches the host by (what ssh connects to). */
  readonly address: string;
  readonly port: number;
  readonly hostnames: readonly string[];
  readonly ips: readonly string[];
  readonly now: Date;
}

const DROP_IN = '/etc/systemd/system/docker.service.d/docker-remote-contexts.conf';

/** What `secureEngine` will do on the host with these facts, or a ProvisionError that says why it will not. */
export function planSecureEngine(facts: HostFacts, engine: EngineOnHost, input: PlanInput): SecurePlan {
  const file = facts.files.get(engine.daemonJson);
  if (file?.state === 'unreadable') {
    throw new ProvisionError(l10n.t('{0} on {1} cannot be read by {2}, so its keys could not be kept.', engine.daemonJson, input.where, facts.user));
  }
  if (engine.conflictingFlags.length && engine.manager !== 'systemd') {
    throw new ProvisionError(
      l10n.t(
        'dockerd on {0} is started with {1}, which daemon.json cannot also set (dockerd would refuse to start). Remove those flags from {2}, restart the engine, and run this again.',
        input.where,
        engine.conflictingFlags.join(' '),
        engine.manager === 'sysv' ? 'DOCKER_OPTS in /etc/default/docker' : engine.manager === 'openrc' ? 'DOCKER_OPTS in /etc/conf.d/docker' : l10n.t('its start-up'),
      ),
    );
  }
  if (facts.portBusy) {
    throw new ProvisionError(l10n.t('Port {0} is in use on {1} already: choose another port.', input.port, input.where));
  }
  const confDir = path.posix.dirname(engine.daemonJson);
  const tlsDir = path.posix.join(confDir, 'tls');
  const owner = engine.owner === '-' ? facts.user : 'root:root';
  const files: PlannedRemoteFile[] = [
    { path: `${tlsDir}/ca.pem`, mode: '0444', owner, what: 'ca' },
    { path: `${tlsDir}/server-cert.pem`, mode: '0444', owner, what: 'server-cert' },
    { path: `${tlsDir}/server-key.pem`, mode: '0400', owner, what: 'server-key' },
  ];
  const notes: string[] = [];
  const { text: after, tcpKept } = securedDaemonJson(file?.text, engine, { tlsDir, port: input.port, dockerHost: facts.dockerHost }, input.where);
  for (const h of tcpKept) notes.push(l10n.t('{0} listens already; with tlsverify it will require client certificates too.', h));
  const dropIn = engine.conflictingFlags.length ? { path: DROP_IN, text: dropInText(engine) } : undefined;
  if (dropIn) notes.push(l10n.t('dockerd is started with {0}; a systemd drop-in starts it without them, and daemon.json holds the listeners.', engine.conflictingFlags.join(' ')));
  const containersRunning = facts.engine?.containersRunning ?? 0;
  const liveRestore = facts.engine?.liveRestore === true;
  if (containersRunning > 0) {
    notes.push(
      liveRestore
        ? l10n.t('{0} containers run; live-restore is on, so they keep running through the restart.', containersRunning)
        : l10n.t('{0} containers run; the restart stops them (live-restore is off), and only those with a restart policy start again.', containersRunning),
    );
  }
  return {
    where: input.where,
    os: facts.os || facts.kernel,
    engineVersion: facts.engine?.serverVersion,
    manager: engine.manager,
    runAs: engine.runAs,
    tlsDir,
    files,
    daemonJson: { path: engine.daemonJson, before: file?.state === 'present' ? file.text : undefined, after, mode: file?.mode ?? '644' },
    dropIn,
    restart: restartCommand(engine.manager, facts, dropIn !== undefined),
    containersRunning,
    liveRestore,
    backupDir: backupDirFor(engine.daemonJson, input.now),
    dockerHost: facts.dockerHost || 'unix:///var/run/docker.sock',
    endpoint: `tcp://${input.address.includes(':') ? `[${input.address}]` : input.address}:${input.port}`,
    port: input.port,
    hostnames: input.hostnames,
    ips: input.ips,
    notes,
  };
}

/** Where a change keeps the files it replaces on the host: beside daemon.json, one folder per run. */
export function backupDirFor(daemonJson: string, now: Date): string {
  return path.posix.join(path.posix.dirname(daemonJson), 'docker-remote-contexts', `backup-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`);
}

/**
 * daemon.json with TLS on: every key it had kept in its place, `tlsverify`, the three files and
 * `hosts` set. The listeners are the ones it had (from the file, or the flags that move into it),
 * or else the socket the context reaches, plus `tcp://0.0.0.0:PORT`.
 */
export function securedDaemonJson(
  before: string | undefined,
  engine: Pick<EngineOnHost, 'flagHosts' | 'conflictingFlags'>,
  target: { tlsDir: string; port: number; dockerHost: string },
  where: string,
): { text: string; tcpKept: string[] } {
  let config: Record<string, unknown> = {};
  if (before !== undefined && before.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(before);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      config = parsed as Record<string, unknown>;
    } catch {
      throw new ProvisionError(l10n.t('daemon.json on {0} is not a JSON object; dockerd could not read it either. Fix it first.', where));
    }
  }
  const existing = Array.isArray(config.hosts) ? config.hosts.map(String) : [];
  let hosts = [...existing, ...movedHosts(engine).filter((h) => !existing.includes(h))];
  if (hosts.length === 0) hosts = [target.dockerHost || 'unix:///var/run/docker.sock'];
  const tcpKept = hosts.filter((h) => h.startsWith('tcp://') && !h.endsWith(`:${target.port}`));
  if (!hosts.some((h) => h.startsWith('tcp://') && h.endsWith(`:${target.port}`))) hosts.push(`tcp://0.0.0.0:${target.port}`);
  const next: Record<string, unknown> = { ...config };
  next.tlsverify = true;
  next.tlscacert = `${target.tlsDir}/ca.pem`;
  next.tlscert = `${target.tlsDir}/server-cert.pem`;
  next.tlskey = `${target.tlsDir}/server-key.pem`;
  next.hosts = hosts;
  return { text: JSON.stringify(next, null, 2) + '\n', tcpKept };
}

function dropInText(engine: EngineOnHost): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `"${a.replace(/(["\\$])/g, '\\$1')}"`);
  return ['# Written by Docker Remote Contexts: the listeners and TLS are in daemon.json.', '[Service]', 'ExecStart=', `ExecStart=${commandLineWithout(engine.dockerd.args).map(quote).join(' ')}`, ''].join('\n');
}

function restartCommand(manager: EngineManager, facts: HostFacts, reload: boolean): string {
  switch (manager) {
    case 'systemd':
      return `${reload ? 'systemctl daemon-reload && ' : ''}systemctl restart docker`;
    case 'sysv':
      return facts.tools.has('service') ? 'service docker restart' : '/etc/init.d/docker restart';
    case 'openrc':
      return 'rc-service docker restart';
    case 'snap':
      return 'snap restart docker';
    case 'rootless':
      return 'systemctl --user restart docker';
  }
}
