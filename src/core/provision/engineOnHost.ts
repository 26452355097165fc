import * as l10n from '@vscode/l10n';
import { DockerdProcess, HostFacts } from './hostFacts';
import { RunAs } from './remoteScript';

/** How the engine is started on the host, which decides where its daemon.json is and how it restarts. */
export type EngineManager = 'systemd' | 'sysv' | 'openrc' | 'snap' | 'rootless';

/** Why the engine of a host cannot be secured (or rotated) the safe way; the message says what to do. */
export class ProvisionError extends Error {
  constructor(
    message: string,
    /** What happened on the host, when something did (a rollback's outcome, the engine's log). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ProvisionError';
  }
}

/** The running dockerd behind the SSH context, and what it reads. */
export interface EngineOnHost {
  readonly dockerd: DockerdProcess;
  readonly manager: EngineManager;
  /** The daemon.json it really reads: its --config-file, else the default of its kind of install. */
  readonly daemonJson: string;
  /** Its listeners from flags (`-H`), which daemon.json may not name too. */
  readonly flagHosts: readonly string[];
  /** Flags that set what daemon.json will set (hosts, TLS), with their values. */
  readonly conflictingFlags: readonly string[];
  readonly runAs: RunAs;
  /** Owner for the files written (`0:0`), or '-' for the user's own (rootless). */
  readonly owner: string;
}

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';
const CONFLICTING = new Set(['-H', '--host', '--tls', '--tlsverify', '--tlscacert', '--tlscert', '--tlskey']);
const BOOLEAN_FLAGS = new Set(['--tls', '--tlsverify']);

/** `unix:///run/x` and `unix:///var/run/x` name one socket (/var/run is /run); `fd://` is systemd's docker.socket. */
export function sameSocket(a: string, b: string): boolean {
  const norm = (h: string) => (h.startsWith('fd://') ? DEFAULT_SOCKET : h.replace(/^unix:\/\/\/run\//, 'unix:///var/run/').replace(/\/+$/, ''));
  return norm(a) === norm(b);
}

/** A dockerd's flags as Go's flag package reads them: `-H x`, `--host=x`, `--tlsverify`, `--tlsverify=false`. */
export function flagsOf(args: readonly string[]): Array<{ readonly name: string; readonly value?: string; readonly words: number }> {
  const flags: Array<{ name: string; value?: string; words: number }> = [];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-')) continue;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (eq > 0) flags.push({ name, value: arg.slice(eq + 1), words: 1 });
    else if (BOOLEAN_FLAGS.has(name) || args[i + 1] === undefined || args[i + 1].startsWith('-')) flags.push({ name, words: 1 });
    else {
      flags.push({ name, value: args[i + 1], words: 2 });
      i++;
    }
  }
  return flags;
}

function hostsOfJson(text: string | undefined): string[] {
  try {
    const hosts = (JSON.parse(text ?? '{}') as { hosts?: unknown }).hosts;
    return Array.isArray(hosts) ? hosts.map(String) : [];
  } catch {
    return [];
  }
}

/** Finds the dockerd that serves the SSH context's docker host, and how it is run. */
export function engineOnHost(facts: HostFacts, where: string): EngineOnHost {
  if (facts.dockerds.length === 0) {
    throw new ProvisionError(l10n.t('No dockerd runs on {0}: start the engine there first.', where));
  }
  const candidates = facts.dockerds.map((d) => {
    const flags = flagsOf(d.args);
    const configFlag = flags.find((f) => f.name === '--config-file')?.value;
    const daemonJson = configFlag ?? defaultDaemonJson(d, facts);
    const flagHosts = flags.filter((f) => (f.name === '-H' || f.name === '--host') && f.value).map((f) => f.value!);
    const jsonHosts = hostsOfJson(facts.files.get(daemonJson)?.text);
    const listens = [...flagHosts, ...jsonHosts];
    const serves = listens.length ? listens : [d.uid === 0 ? DEFAULT_SOCKET : `unix://${facts.xdgRuntimeDir}/docker.sock`];
    return { d, flags, daemonJson, flagHosts, serves };
  });
  const target = facts.dockerHost || DEFAULT_SOCKET;
  const matches = candidates.filter((c) => c.serves.some((h) => sameSocket(h, target)));
  const chosen = matches.length === 1 ? matches[0] : undefined;
  if (!chosen) {
    throw new ProvisionError(
      matches.length === 0
        ? l10n.t('None of the dockerd processes on {0} serves {1}, the engine this context reaches.', where, target)
        : l10n.t('Several dockerd processes on {0} serve {1}.', where, target),
    );
  }
  const manager = managerOf(chosen.d, facts, where);
  const conflictingFlags = chosen.flags.filter((f) => CONFLICTING.has(f.name)).map((f) => (f.value === undefined ? f.name : `${f.name} ${f.value}`));
  return { dockerd: chosen.d, manager, daemonJson: chosen.daemonJson, flagHosts: chosen.flagHosts, conflictingFlags, runAs: runAsFor(manager, facts, where), owner: manager === 'rootless' ? '-' : '0:0' };
}

function defaultDaemonJson(d: DockerdProcess, facts: HostFacts): string {
  if (d.args[0]?.startsWith('/snap/')) return '/var/snap/docker/current/config/daemon.json';
  if (d.uid !== 0) return `${facts.home}/.config/docker/daemon.json`;
  return '/etc/docker/daemon.json';
}

function managerOf(d: DockerdProcess, facts: HostFacts, where: string): EngineManager {
  if (d.args[0]?.startsWith('/snap/')) return 'snap';
  if (d.uid !== 0) return 'rootless';
  if (facts.managerHints.has('systemd') && facts.systemdUnit?.fragmentPath) return 'systemd';
  if (facts.managerHints.has('openrc')) return 'openrc';
  if (facts.managerHints.has('sysv')) return 'sysv';
  throw new ProvisionError(l10n.t('Cannot tell how the engine on {0} is started (no docker.service, /etc/init.d/docker or snap), so it cannot be restarted safely.', where));
}

function runAsFor(manager: EngineManager, facts: HostFacts, where: string): RunAs {
  if (manager === 'rootless') return 'user';
  if (facts.uid === 0) return 'root';
  if (facts.sudoWithoutPassword) return 'sudo';
  if (facts.tools.has('sudo')) return 'sudo-password';
  throw new ProvisionError(l10n.t('{0} is not root on {1} and sudo is not installed there: the engine cannot be changed.', facts.user, where));
}

/** The listeners to keep when flags move into daemon.json: `fd://` becomes the socket it stands for. */
export function movedHosts(engine: Pick<EngineOnHost, 'flagHosts'>): string[] {
  return engine.flagHosts.map((h) => (h.startsWith('fd://') ? DEFAULT_SOCKET : h));
}

/** The dockerd command line without the flags that daemon.json will set, for a systemd drop-in. */
export function commandLineWithout(args: readonly string[], names: ReadonlySet<string> = CONFLICTING): string[] {
  const kept: string[] = [args[0]];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (!names.has(name)) kept.push(arg);
    else if (!arg.includes('=') && !BOOLEAN_FLAGS.has(name) && args[i + 1] !== undefined && !args[i + 1].startsWith('-')) i++;
  }
  return kept;
}
