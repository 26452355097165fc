import { mkdtempSync, mkdirSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DockerEnvironment } from '../../src/core/store/dockerConfigDir';

/**
 * A temporary home with its own docker config folder, so tests never read or write the
 * real ~/.docker or ~/.ssh of whoever runs them.
 */
export interface TempWorld {
  readonly root: string;
  readonly home: string;
  readonly dockerConfig: string;
  /** Environment for our core: DOCKER_CONFIG and HOME point into the world. */
  readonly environment: DockerEnvironment;
  /** Environment for child processes (the docker CLI): the same folders, nothing inherited that would leak. */
  readonly processEnv: NodeJS.ProcessEnv;
  dispose(): void;
}

export function createTempWorld(prefix = 'drc-test-'): TempWorld {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const home = path.join(root, 'home');
  const dockerConfig = path.join(home, '.docker');
  mkdirSync(dockerConfig, { recursive: true, mode: 0o700 });
  const processEnv: NodeJS.ProcessEnv = { ...process.env, HOME: home, DOCKER_CONFIG: dockerConfig };
  for (const key of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS']) delete processEnv[key];
  return {
    root,
    home,
    dockerConfig,
    environment: { env: { HOME: home, DOCKER_CONFIG: dockerConfig }, homeDir: home, platform: process.platform },
    processEnv,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
