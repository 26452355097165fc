/** What the probe found on a host (see probeScript.ts), parsed. */
export interface HostFacts {
  readonly uid: number;
  readonly user: string;
  readonly home: string;
  readonly kernel: string;
  readonly arch: string;
  /** `PRETTY_NAME` of /etc/os-release, or empty. */
  readonly os: string;
  readonly hostname: string;
  readonly fqdn: string;
  readonly ips: readonly string[];
  readonly xdgRuntimeDir: string;
  /** Commands found on the PATH: base64, timeout, docker, sudo, service. */
  readonly tools: ReadonlySet<string>;
  readonly sudoWithoutPassword: boolean;
  /** systemd running, /etc/init.d/docker present, OpenRC, snap. */
  readonly managerHints: ReadonlySet<string>;
  /** The docker host the SSH context reaches on the remote side (`unix:///var/run/docker.sock`). */
  readonly dockerHost: string;
  readonly dockerds: readonly DockerdProcess[];
  /** daemon.json candidates: every --config-file of a running dockerd and the default places. */
  readonly files: ReadonlyMap<string, RemoteFile>;
  readonly systemdUnit?: { readonly fragmentPath?: string; readonly dropInPaths: readonly string[]; readonly activeState?: string };
  readonly engine?: EngineSummary;
  /** Something listens on the planned TCP port already. */
  readonly portBusy: boolean;
}

export interface DockerdProcess {
  readonly pid: number;
  readonly uid: number;
  /** Its command line, program first. */
  readonly args: readonly string[];
}

export interface RemoteFile {
  readonly path: string;
  readonly state: 'present' | 'absent' | 'unreadable';
  /** Octal permission bits, as `stat -c %a` prints them. */
  readonly mode?: string;
  readonly text?: string;
}

/** From the engine's `GET /info`, as the SSH user reaches it. */
export interface EngineSummary {
  readonly serverVersion?: string;
  readonly name?: string;
  readonly operatingSystem?: string;
  readonly containersRunning: number;
  readonly liveRestore: boolean;
  readonly rootless: boolean;
}

export class ProbeError extends Error {}

const fromBase64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');

/** Reads the probe's output; throws ProbeError when it is cut short or from another program. */
export function parseProbe(output: string): HostFacts {
  const values = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    values.set(key, [...(values.get(key) ?? []), line.slice(at + 1)]);
  }
  const one = (key: string) => values.get(key)?.[0] ?? '';
  const all = (key: string) => values.get(key) ?? [];
  if (one('proto') !== '1' || one('end') !== '1') throw new ProbeError('The look at the host ended early or printed something unexpected.');
  const files = new Map<string, RemoteFile>();
  for (const entry of all('file')) {
    const [path, state, third] = entry.split(' ');
    if (!path || files.has(path)) continue;
    if (state === 'absent' || state === 'unreadable') files.set(path, { path, state });
    else files.set(path, { path, state: 'present', mode: state, text: fromBase64(third ?? '') });
  }
  return {
    uid: Number.parseInt(one('uid'), 10),
    user: one('user'),
    home: one('home'),
    kernel: one('kernel'),
    arch: one('arch'),
    os: one('os'),
    hostname: one('hostname'),
    fqdn: one('fqdn'),
    ips: one('ips').split(/\s+/).filter(Boolean),
    xdgRuntimeDir: one('xdg_runtime'),
    tools: new Set(all('tool')),
    sudoWithoutPassword: one('sudo_nopasswd') === 'yes',
    managerHints: new Set(all('manager_hint')),
    dockerHost: one('dockerhost'),
    dockerds: all('dockerd').flatMap((entry) => {
      const [pid, uid, cmdline] = entry.split(' ');
      const args = fromBase64(cmdline ?? '').split('\0').filter((a, i, list) => a !== '' || i < list.length - 1);
      return Number.isInteger(Number(pid)) && args.length ? [{ pid: Number(pid), uid: Number(uid), args }] : [];
    }),
    files,
    systemdUnit: values.has('unit') ? systemdUnit(fromBase64(one('unit'))) : undefined,
    engine: engineSummary(fromBase64(one('info'))),
    portBusy: one('port_busy') === 'yes',
  };
}

function systemdUnit(text: string): HostFacts['systemdUnit'] {
  const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(text)?.[1]?.trim();
  return { fragmentPath: field('FragmentPath') || undefined, dropInPaths: (field('DropInPaths') ?? '').split(/\s+/).filter(Boolean), activeState: field('ActiveState') };
}

function engineSummary(json: string): EngineSummary | undefined {
  try {
    const info = JSON.parse(json) as Record<string, unknown>;
    // The CLI prints its own half even when the engine does not answer.
    if (typeof info.ServerVersion !== 'string' || info.ServerVersion === '') return undefined;
    const security = Array.isArray(info.SecurityOptions) ? info.SecurityOptions.map(String) : [];
    return {
      serverVersion: typeof info.ServerVersion === 'string' ? info.ServerVersion : undefined,
      name: typeof info.Name === 'string' ? info.Name : undefined,
      operatingSystem: typeof info.OperatingSystem === 'string' ? info.OperatingSystem : undefined,
      containersRunning: typeof info.ContainersRunning === 'number' ? info.ContainersRunning : 0,
      liveRestore: info.LiveRestoreEnabled === true,
      rootless: security.some((s) => s.includes('name=rootless')),
    };
  } catch {
    return undefined;
  }
}
