/**
 * Microsoft's container extensions read an "environment" setting (an object of environment
 * variables) for every docker command they run and for the terminals they contribute to:
 * Container Tools (`ms-azuretools.vscode-containers`) reads `containers.environment`, the Docker
 * extension up to 1.x (`ms-azuretools.vscode-docker`) reads `docker.environment`; the Docker
 * extension 2.x contributes no setting and installs Container Tools instead. Both read the
 * setting without a resource, so a workspace folder's value is never seen in a multi-root
 * workspace: the value belongs in the workspace's settings.
 */

/** An installed extension, as much of its manifest as matters here. */
export interface InstalledExtension {
  readonly id: string;
  readonly displayName?: string;
  /** Its `package.json`, as the editor hands it. */
  readonly packageJSON: unknown;
}

/** The extension whose views can follow a context, and the setting that makes them. */
export interface ContainerTool {
  readonly extensionId: string;
  readonly displayName: string;
  /** `containers` or `docker`: the configuration section… */
  readonly section: string;
  /** …and the key under it, `environment`. */
  readonly key: 'environment';
}

/** The candidates, Container Tools first: where both are installed, it is the one that runs. */
const CANDIDATES: ReadonlyArray<{ readonly extensionId: string; readonly section: string; readonly fallbackName: string }> = [
  { extensionId: 'ms-azuretools.vscode-containers', section: 'containers', fallbackName: 'Container Tools' },
  { extensionId: 'ms-azuretools.vscode-docker', section: 'docker', fallbackName: 'Docker' },
];

/**
 * The installed extension whose views can be made to follow a Docker context, or undefined. An
 * extension counts only when its manifest contributes the setting: one that does not (the Docker
 * extension 2.x) would refuse the write, as the editor writes no setting that nobody registered.
 */
export function containerToolOf(installed: readonly InstalledExtension[]): ContainerTool | undefined {
  for (const c of CANDIDATES) {
    const ext = installed.find((e) => e.id.toLowerCase() === c.extensionId);
    if (!ext || !contributedSettings(ext.packageJSON).includes(`${c.section}.environment`)) continue;
    const name = typeof ext.displayName === 'string' && ext.displayName && !ext.displayName.startsWith('%') ? ext.displayName : c.fallbackName;
    return { extensionId: c.extensionId, displayName: name, section: c.section, key: 'environment' };
  }
  return undefined;
}

/** The setting keys a manifest contributes (`contributes.configuration`, one object or a list). */
export function contributedSettings(packageJSON: unknown): string[] {
  const contributes = record(record(packageJSON)?.contributes);
  const configuration = contributes?.configuration;
  const blocks = Array.isArray(configuration) ? (configuration as unknown[]) : [configuration];
  return blocks.flatMap((b) => Object.keys(record(record(b)?.properties) ?? {}));
}

/**
 * The environment object with DOCKER_CONTEXT set to `name`, or removed when `name` is undefined;
 * every other entry is kept as it was, even one that is not a string. An object left empty becomes undefined, so the setting
 * goes away rather than staying as `{}`.
 */
export function withDockerContext(environment: unknown, name: string | undefined): Record<string, unknown> | undefined {
  const next: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record(environment) ?? {})) if (k !== 'DOCKER_CONTEXT') next[k] = v;
  if (name !== undefined) next.DOCKER_CONTEXT = name;
  return Object.keys(next).length ? next : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
