/** The shapes of the docker CLI's context store, as it writes them to disk. */

export interface EndpointMeta {
  Host?: string;
  SkipTLSVerify?: boolean;
  [key: string]: unknown;
}

/** meta.json. Keys this extension does not know are kept as they are. */
export interface ContextMeta {
  Name: string;
  Metadata?: { Description?: string; [key: string]: unknown } | null;
  Endpoints?: Record<string, EndpointMeta | null>;
  [key: string]: unknown;
}

/** TLS material of the docker endpoint: paths of the files that exist. */
export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface DockerContext {
  readonly name: string;
  readonly description: string;
  /** The docker endpoint's Host (`unix://…`, `tcp://…`, `ssh://…`), or '' when it has none. */
  readonly host: string;
  readonly skipTlsVerify: boolean;
  readonly tls: TlsFiles;
  /** The `default` context, made from the environment and never stored. */
  readonly isDefault: boolean;
  /** meta.json as read, unknown keys included. */
  readonly meta: ContextMeta;
  /** Where the store keeps it (absent for `default`). */
  readonly storage?: { readonly metaPath: string; readonly tlsPath: string };
}

/** A folder in the store that cannot be read as a context. It never hides the others. */
export interface BrokenContext {
  /** The folder's name under contexts/meta. */
  readonly dirName: string;
  /** The name inside meta.json, when it could be read. */
  readonly name?: string;
  readonly metaFile: string;
  readonly error: string;
}

export interface ContextListing {
  readonly contexts: readonly DockerContext[];
  readonly broken: readonly BrokenContext[];
}

/**
 * What decided which context is in effect, in the docker CLI's order of precedence. `window` and
 * `workspace` are the editor's own: DOCKER_CONTEXT set for one window's terminals, or for the
 * terminals of the workspace's folders (dockerContexts.switchScope).
 */
export type ContextSource = 'DOCKER_HOST' | 'window' | 'workspace' | 'DOCKER_CONTEXT' | 'config' | 'default';

export interface CurrentContext {
  readonly name: string;
  readonly source: ContextSource;
  /** The context chosen otherwise (DOCKER_CONTEXT, else config.json) that DOCKER_HOST or the window's or workspace's choice overrides. */
  readonly overridden?: string;
}
