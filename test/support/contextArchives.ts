import { Header } from 'tar';
import { runDocker } from '../rig/dockerCli';

export interface CraftedEntry {
  readonly path: string;
  readonly data?: string | Buffer;
  readonly type?: 'File' | 'Directory' | 'SymbolicLink';
  readonly linkpath?: string;
}

/** A tar made entry by entry, so a test can put in what no honest tool would. `end: false` leaves out the two closing zero blocks. */
export function craftTar(entries: readonly CraftedEntry[], options: { end?: boolean } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0));
    const file = (e.type ?? 'File') === 'File';
    const header = new Header({ path: e.path, mode: 0o644, size: file ? data.length : 0, type: e.type ?? 'File', linkpath: e.linkpath, mtime: new Date(0) });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (data.length && file) blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  if (options.end !== false) blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** `docker context ls` by the real CLI in `env`: its exit code and the contexts it lists ("name host"). */
export async function cliListing(env: NodeJS.ProcessEnv): Promise<{ ok: boolean; lines: string[]; stderr: string }> {
  const r = await runDocker(env, ['context', 'ls', '--format', '{{.Name}} {{.DockerEndpoint}}']);
  return { ok: r.code === 0, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}
