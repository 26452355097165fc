import { promises as fs } from 'fs';
import { ContextStore } from '../../src/core/store/contextStore';
import { ContextMeta } from '../../src/core/store/types';
import { docker, jsonLines, runDocker } from '../rig/dockerCli';
import { CommandResult } from '../rig/processes';
import { Rig } from '../rig/rig';
import { TempWorld, createTempWorld } from '../support/tempWorld';
import { rig } from './rigFixture';

/** One line of `docker context ls --format json`. */
export interface CliContextLine {
  readonly Name: string;
  readonly Description: string;
  readonly DockerEndpoint: string;
  readonly Current: boolean;
  readonly Error: string;
}

/**
 * A temporary world shared by our store and the real docker CLI: the same DOCKER_CONFIG, and
 * the rig's ssh wrapper on the CLI's PATH.
 */
export interface CliWorld {
  readonly rig: Rig;
  readonly world: TempWorld;
  readonly store: ContextStore;
  /** The docker CLI's environment; `extra` variables are added (DOCKER_HOST, DOCKER_CONTEXT…). */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Our store with the same extra variables, to compare with the CLI under them. */
  storeWith(extra: Record<string, string>): ContextStore;
  /** Runs the docker CLI; fails with its stderr on a non-zero exit. */
  docker(args: readonly string[], extra?: NodeJS.ProcessEnv): Promise<string>;
  /** Runs the docker CLI and returns whatever happened. */
  run(args: readonly string[], extra?: NodeJS.ProcessEnv): Promise<CommandResult>;
  /** `docker context ls --format json`, parsed. */
  cliContexts(): Promise<CliContextLine[]>;
  /** `docker context show`, trimmed. */
  cliCurrent(extra?: NodeJS.ProcessEnv): Promise<string>;
  /** The ID of the daemon a context reaches (`docker --context NAME info`). */
  daemonIdThrough(context: string): Promise<string>;
  dispose(): void;
}

export function createCliWorld(): CliWorld {
  const running = rig();
  const world = createTempWorld('drc-cli-');
  const env = (extra: NodeJS.ProcessEnv = {}) => running.cliEnv(world, extra);
  const self: CliWorld = {
    rig: running,
    world,
    store: new ContextStore(world.environment),
    env,
    storeWith: (extra) => new ContextStore({ ...world.environment, env: { ...world.environment.env, ...extra } }),
    docker: (args, extra) => docker(env(extra), args),
    run: (args, extra) => runDocker(env(extra), args),
    cliContexts: async () => jsonLines<CliContextLine>(await self.docker(['context', 'ls', '--format', 'json'])),
    cliCurrent: async (extra) => (await self.docker(['context', 'show'], extra)).trim(),
    daemonIdThrough: async (context) => (await self.docker(['--context', context, 'info', '--format', '{{.ID}}'])).trim(),
    dispose: () => world.dispose(),
  };
  return self;
}

/** meta.json as `docker context create` writes it. */
export function cliMeta(name: string, host: string, description?: string, skipTlsVerify = false): ContextMeta {
  return { Name: name, Metadata: description ? { Description: description } : {}, Endpoints: { docker: { Host: host, SkipTLSVerify: skipTlsVerify } } };
}

/** Permission bits of a path, as octal text ("755"), for readable assertion failures. */
export async function modeOf(file: string): Promise<string> {
  return ((await fs.stat(file)).mode & 0o7777).toString(8);
}
