import * as path from 'path';
import { DEFAULT_CONTEXT } from './contextName';
import { DockerEnvironment } from './dockerConfigDir';
import { DockerContext } from './types';

export const DEFAULT_DESCRIPTION = 'Current DOCKER_HOST based configuration';

export function defaultDockerHost(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

/**
 * The `default` context as the docker CLI makes it: DOCKER_HOST (else the platform's local
 * socket), with TLS from DOCKER_CERT_PATH (else the config folder) when DOCKER_TLS_VERIFY or
 * DOCKER_TLS is set. `existing` says which of the three TLS files are there.
 */
export function defaultContext(
  environment: DockerEnvironment,
  configDir: string,
  existing: (file: string) => boolean,
): DockerContext {
  const env = environment.env;
  const host = env.DOCKER_HOST || defaultDockerHost(environment.platform);
  const verify = !!env.DOCKER_TLS_VERIFY;
  const useTls = verify || !!env.DOCKER_TLS;
  const p = environment.platform === 'win32' ? path.win32 : path.posix;
  const certDir = env.DOCKER_CERT_PATH || configDir;
  const tls: DockerContext['tls'] = {};
  if (useTls) {
    for (const kind of ['ca', 'cert', 'key'] as const) {
      const file = p.join(certDir, `${kind}.pem`);
      if (existing(file)) tls[kind] = file;
    }
  }
  const skipTlsVerify = useTls && !verify;
  return {
    name: DEFAULT_CONTEXT,
    description: DEFAULT_DESCRIPTION,
    host,
    skipTlsVerify,
    tls,
    isDefault: true,
    meta: {
      Name: DEFAULT_CONTEXT,
      Metadata: { Description: DEFAULT_DESCRIPTION },
      Endpoints: { docker: { Host: host, SkipTLSVerify: skipTlsVerify } },
    },
  };
}
