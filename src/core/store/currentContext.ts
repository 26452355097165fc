import { currentContextOf, readConfigFile } from './configFile';
import { DEFAULT_CONTEXT } from './contextName';
import { DockerEnvironment } from './dockerConfigDir';
import { CurrentContext } from './types';

/** Which context is in effect, and what decided it, in the docker CLI's order of precedence. */
export async function currentContext(environment: DockerEnvironment, configDir: string): Promise<CurrentContext> {
  const env = environment.env;
  // Like the docker CLI, config.json is read only when no variable decides (an unreadable
  // one then does not stand in the way).
  if (env.DOCKER_HOST) {
    const chosen = env.DOCKER_CONTEXT || (await readConfigFile(configDir).then(currentContextOf, () => undefined));
    return { name: DEFAULT_CONTEXT, source: 'DOCKER_HOST', overridden: chosen && chosen !== DEFAULT_CONTEXT ? chosen : undefined };
  }
  if (env.DOCKER_CONTEXT) return { name: env.DOCKER_CONTEXT, source: 'DOCKER_CONTEXT' };
  const configured = currentContextOf(await readConfigFile(configDir));
  if (configured) return { name: configured, source: 'config' };
  return { name: DEFAULT_CONTEXT, source: 'default' };
}

/** The context recorded in config.json, as `docker context use` sets it. */
export async function configuredContext(configDir: string): Promise<string> {
  return currentContextOf(await readConfigFile(configDir)) ?? DEFAULT_CONTEXT;
}
