import { promises as fs } from 'fs';
import { errorCode } from '../errors';
import { ContextStore } from './contextStore';
import { DockerContext } from './types';

/** What `docker context inspect NAME` prints for one context. */
export interface InspectedContext {
  readonly Name: string;
  readonly Metadata: unknown;
  readonly Endpoints: unknown;
  readonly TLSMaterial: Record<string, string[]>;
  readonly Storage: { readonly MetadataPath: string; readonly TLSPath: string };
}

const IN_MEMORY = '<IN MEMORY>';

/** The same content as `docker context inspect`: meta.json, the TLS file names per endpoint, and where it is stored. */
export async function inspectContext(store: ContextStore, name: string): Promise<InspectedContext> {
  const context = await store.get(name);
  return {
    Name: context.meta.Name,
    Metadata: context.meta.Metadata ?? {},
    Endpoints: context.meta.Endpoints ?? {},
    TLSMaterial: await tlsMaterialOf(context),
    Storage: context.storage ? { MetadataPath: context.storage.metaPath, TLSPath: context.storage.tlsPath } : { MetadataPath: IN_MEMORY, TLSPath: IN_MEMORY },
  };
}

async function tlsMaterialOf(context: DockerContext): Promise<Record<string, string[]>> {
  if (!context.storage) {
    const files = (['ca', 'cert', 'key'] as const).filter((k) => context.tls[k]).map((k) => `${k}.pem`);
    return files.length ? { docker: files } : {};
  }
  const result: Record<string, string[]> = {};
  let endpoints: string[] = [];
  try {
    endpoints = await fs.readdir(context.storage.tlsPath);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
  }
  for (const endpoint of endpoints.sort()) {
    const files = (await fs.readdir(`${context.storage.tlsPath}/${endpoint}`)).sort();
    if (files.length) result[endpoint] = files;
  }
  return result;
}
