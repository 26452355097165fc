import { EngineFacts, securityOptionName } from './engineDetails';
import * as l10n from '@vscode/l10n';

/** What a line of an engine's details is about; the explorer picks its icon by it. */
export type EngineLineKind = 'warning' | 'server' | 'os' | 'kernel' | 'resources' | 'containers' | 'images' | 'storage' | 'rootless' | 'security' | 'swarm';

/** One line of an engine's details, as a row under its context and a line of the Inspect document. */
export interface EngineLine {
  /** The same for the same line of every fetch (`server`, `warning-0`), for the row's id. */
  readonly key: string;
  readonly kind: EngineLineKind;
  /** What it is (`Server`, `Containers`), or for a warning the warning in short. */
  readonly label: string;
  /** Its value in a few words (`20.10.24 · API 1.41`); empty for a warning. */
  readonly value: string;
  /** More than the value says (the whole warning, the components), for a hover. */
  readonly detail?: string;
}

/**
 * The details of an engine in lines a person reads: its warnings first, then the server, the OS,
 * the kernel, CPUs and memory, containers, images, storage, rootless, security and swarm. A fact the
 * engine did not give leaves its line out.
 */
export function engineLines(facts: EngineFacts): EngineLine[] {
  const lines: EngineLine[] = facts.warnings.map((w, i) => ({ key: `warning-${i}`, kind: 'warning', label: shortWarning(w), value: '', detail: w }));
  const add = (kind: EngineLineKind, label: string, value: string | undefined, detail?: string) => {
    if (value !== undefined && value !== '') lines.push({ key: kind, kind, label, value, ...(detail ? { detail } : {}) });
  };
  add('server', l10n.t('Server'), serverValue(facts), serverDetail(facts));
  const platform = [facts.os, facts.architecture].filter(Boolean).join('/');
  add('os', l10n.t('OS'), [facts.operatingSystem, platform].filter(Boolean).join(' · '), facts.osVersion ? l10n.t('Version {0}', facts.osVersion) : undefined);
  add('kernel', l10n.t('Kernel'), facts.kernelVersion);
  add('resources', l10n.t('CPUs and memory'), resourcesValue(facts));
  add('containers', l10n.t('Containers'), containersValue(facts), facts.containers.total !== undefined ? l10n.t('{0} in all', String(facts.containers.total)) : undefined);
  add('images', l10n.t('Images'), facts.images?.toString());
  add('storage', l10n.t('Storage driver'), facts.storageDriver);
  add('rootless', l10n.t('Rootless'), facts.rootless ? l10n.t('yes') : l10n.t('no'));
  add('security', l10n.t('Security options'), facts.securityOptions.length ? facts.securityOptions.map(securityOptionText).join(' · ') : l10n.t('none'));
  add('swarm', l10n.t('Swarm'), swarmValue(facts), facts.swarm.error);
  return lines;
}

/** The engine in one sentence: `Engine 27.3.1 (API 1.47) on Ubuntu 24.04.1 LTS, linux/x86_64`. */
export function engineHeadline(facts: EngineFacts): string {
  const where = [facts.operatingSystem, [facts.os, facts.architecture].filter(Boolean).join('/')].filter(Boolean).join(', ');
  return l10n.t('Engine {0} (API {1}) on {2}', facts.serverVersion ?? '?', facts.apiVersion ?? '?', where || '?');
}

/** A warning of dockerd in short: without its `WARNING:` and after its first sentence. */
export function shortWarning(warning: string): string {
  const bare = warning.replace(/^\s*WARNING:\s*/i, '').trim();
  const end = /[.!](\s|$)/.exec(bare);
  return end ? bare.slice(0, end.index + 1) : bare;
}

/** Bytes in binary units, three significant digits: `7.66 GiB`, `23.5 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

function serverValue(f: EngineFacts): string | undefined {
  if (f.serverVersion === undefined && f.apiVersion === undefined) return undefined;
  return [f.serverVersion, f.apiVersion ? l10n.t('API {0}', f.apiVersion) : undefined].filter(Boolean).join(' · ');
}

function serverDetail(f: EngineFacts): string | undefined {
  const parts = [
    f.platform,
    f.minApiVersion ? l10n.t('API {0} to {1}', f.minApiVersion, f.apiVersion ?? '?') : undefined,
    f.components.filter((c) => c.name !== 'Engine').map((c) => `${c.name} ${c.version}`).join(', ') || undefined,
    f.experimental ? l10n.t('experimental features on') : undefined,
  ];
  return parts.filter(Boolean).join(' · ') || undefined;
}

function resourcesValue(f: EngineFacts): string | undefined {
  const parts = [f.cpus === undefined ? undefined : f.cpus === 1 ? l10n.t('1 CPU') : l10n.t('{0} CPUs', String(f.cpus)), f.memoryBytes === undefined ? undefined : formatBytes(f.memoryBytes)];
  return parts.filter(Boolean).join(' · ') || undefined;
}

function containersValue(f: EngineFacts): string | undefined {
  const { running, paused, stopped } = f.containers;
  if (running === undefined && paused === undefined && stopped === undefined) return f.containers.total?.toString();
  return l10n.t('{0} running · {1} paused · {2} stopped', String(running ?? '?'), String(paused ?? '?'), String(stopped ?? '?'));
}

/** `name=seccomp,profile=builtin` as `seccomp (profile=builtin)`. */
function securityOptionText(option: string): string {
  const rest = option.split(',').filter((f) => !f.startsWith('name='));
  const name = securityOptionName(option);
  return rest.length && name !== option ? `${name} (${rest.join(', ')})` : name;
}

function swarmValue(f: EngineFacts): string {
  const s = f.swarm;
  if (s.state !== 'active') return s.state;
  const parts = [s.state, s.manager ? l10n.t('manager') : l10n.t('worker')];
  if (s.nodes !== undefined) parts.push(s.nodes === 1 ? l10n.t('1 node') : l10n.t('{0} nodes', String(s.nodes)));
  return parts.join(' · ');
}
