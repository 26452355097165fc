import * as os from 'os';
import * as path from 'path';

/** What the docker CLI reads from its surroundings; tests pass their own. */
export interface DockerEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly platform: NodeJS.Platform;
}

export function processEnvironment(): DockerEnvironment {
  return { env: process.env, homeDir: os.homedir(), platform: process.platform };
}

/** The docker CLI's configuration folder: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(environment: DockerEnvironment): string {
  const fromEnv = environment.env.DOCKER_CONFIG;
  if (fromEnv) return path.resolve(fromEnv);
  const p = environment.platform === 'win32' ? path.win32 : path.posix;
  return p.join(environment.homeDir, '.docker');
}
