import { bodyExcerpt } from '../ping/httpPing';
import { PingError, PingFailure } from '../ping/pingTypes';
import * as l10n from '@vscode/l10n';

/** What an engine says about itself in `GET /version` and `GET /info`, as the explorer shows it. */
export interface EngineFacts {
  /** The engine's version (`Version` of /version, else `ServerVersion` of /info). */
  readonly serverVersion?: string;
  /** The newest API version it speaks, and the oldest. */
  readonly apiVersion?: string;
  readonly minApiVersion?: string;
  /** The product, when the engine names it (`Docker Engine - Community`, `Docker Desktop 4.34.0 (165256)`). */
  readonly platform?: string;
  /** What the engine is made of besides itself, as /version lists it (containerd, runc, docker-init). */
  readonly components: readonly { readonly name: string; readonly version: string }[];
  /** `linux` or `windows`. */
  readonly os?: string;
  /** The host's operating system in words (`Ubuntu 24.04.1 LTS`, `Docker Desktop`). */
  readonly operatingSystem?: string;
  readonly osVersion?: string;
  /** As the engine says it: `x86_64`, `aarch64` (/info), else `amd64`, `arm64` (/version). */
  readonly architecture?: string;
  readonly kernelVersion?: string;
  readonly cpus?: number;
  /** Memory of the host (or VM) the engine runs on, in bytes. */
  readonly memoryBytes?: number;
  readonly containers: { readonly total?: number; readonly running?: number; readonly paused?: number; readonly stopped?: number };
  readonly images?: number;
  readonly storageDriver?: string;
  /** True when the engine runs without root (`name=rootless` among its security options). */
  readonly rootless: boolean;
  /** As the engine lists them: `name=seccomp,profile=builtin`, `name=apparmor`, `name=cgroupns`. */
  readonly securityOptions: readonly string[];
  readonly swarm: {
    /** `inactive`, `pending`, `active`, `error` or `locked`. */
    readonly state: string;
    readonly nodeId?: string;
    /** True on a manager. */
    readonly manager?: boolean;
    readonly managers?: number;
    readonly nodes?: number;
    readonly error?: string;
  };
  /** The engine's own warnings (an API without encryption, no swap limit…), each on one line. */
  readonly warnings: readonly string[];
  /** The engine host's name and the engine's ID. */
  readonly name?: string;
  readonly id?: string;
  readonly experimental?: boolean;
}

interface EngineInfoBase {
  readonly context: string;
  readonly host: string;
  /** When the details were fetched, ISO 8601. */
  readonly fetchedAt: string;
  /** Wall time of both requests, connection set-up included. */
  readonly latencyMs: number;
  /** True when TLS verification is off for this context (SkipTLSVerify). */
  readonly insecure?: true;
}

/** The engine of a context, as `GET /version` and `GET /info` describe it. */
export interface EngineDetails extends EngineInfoBase, EngineFacts {
  readonly ok: true;
}

/** Why the details of a context's engine could not be fetched, as a ping says it. */
export interface EngineInfoFailure extends EngineInfoBase {
  readonly ok: false;
  readonly error: PingError;
}

export type EngineInfoResult = EngineDetails | EngineInfoFailure;

type Json = Record<string, unknown>;

/**
 * Reads the JSON bodies of `GET /version` and `GET /info` into the facts the explorer shows. Every
 * field may be missing (older engines, Podman's Docker API); a body that is not a JSON object
 * throws a PingFailure that names `context` and what came back.
 */
export function parseEngineFacts(context: string, versionBody: string, infoBody: string): EngineFacts {
  const version = jsonObject(context, '/version', versionBody);
  const info = jsonObject(context, '/info', infoBody);
  const swarm = object(info.Swarm);
  const securityOptions = strings(info.SecurityOptions);
  return {
    serverVersion: text(version.Version) ?? text(info.ServerVersion),
    apiVersion: text(version.ApiVersion),
    minApiVersion: text(version.MinAPIVersion),
    platform: text(object(version.Platform).Name),
    components: (Array.isArray(version.Components) ? version.Components : [])
      .map(object)
      .flatMap((c) => (text(c.Name) && text(c.Version) ? [{ name: text(c.Name)!, version: text(c.Version)! }] : [])),
    os: text(info.OSType) ?? text(version.Os),
    operatingSystem: text(info.OperatingSystem),
    osVersion: text(info.OSVersion),
    architecture: text(info.Architecture) ?? text(version.Arch),
    kernelVersion: text(info.KernelVersion) ?? text(version.KernelVersion),
    cpus: count(info.NCPU),
    memoryBytes: count(info.MemTotal),
    containers: { total: count(info.Containers), running: count(info.ContainersRunning), paused: count(info.ContainersPaused), stopped: count(info.ContainersStopped) },
    images: count(info.Images),
    storageDriver: text(info.Driver),
    rootless: securityOptions.some((o) => securityOptionName(o) === 'rootless'),
    securityOptions,
    swarm: {
      state: text(swarm.LocalNodeState) ?? 'inactive',
      nodeId: text(swarm.NodeID),
      manager: typeof swarm.ControlAvailable === 'boolean' ? swarm.ControlAvailable : undefined,
      managers: count(swarm.Managers),
      nodes: count(swarm.Nodes),
      error: text(swarm.Error),
    },
    warnings: strings(info.Warnings).map(oneLine).filter((w) => w !== ''),
    name: text(info.Name),
    id: text(info.ID),
    experimental: typeof info.ExperimentalBuild === 'boolean' ? info.ExperimentalBuild : undefined,
  };
}

/** The name of a security option as the engine lists it: `seccomp` for `name=seccomp,profile=builtin`. */
export function securityOptionName(option: string): string {
  const name = option.split(',').find((field) => field.startsWith('name='));
  return name ? name.slice('name='.length) : option;
}

/** A warning as dockerd writes it (indented continuation lines for a terminal) on one line. */
function oneLine(warning: string): string {
  return warning.replace(/\s*\n\s*/g, ' ').trim();
}

function jsonObject(context: string, path: string, body: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new PingFailure(
      'not-docker',
      l10n.t('The engine of "{0}" answered GET {1} with something other than JSON: "{2}"', context, path, bodyExcerpt(body)),
      l10n.t('Check that the context points at the Docker engine itself, not at a proxy or another service in front of it.'),
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PingFailure(
      'not-docker',
      l10n.t('The engine of "{0}" answered GET {1} with JSON that is not an object: "{2}"', context, path, bodyExcerpt(body)),
      l10n.t('Check that the context points at the Docker engine itself, not at a proxy or another service in front of it.'),
    );
  }
  return value as Json;
}

function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
