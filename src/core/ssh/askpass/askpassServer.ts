import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ASKPASS_ENV, ASKPASS_MAX_MESSAGE, AskpassRequest, AskpassResponse } from './askpassProtocol';

/** A prompt of one ssh process: its text, and `confirm` / `none` / '' as SSH_ASKPASS_PROMPT says. */
export interface AskpassPrompt {
  readonly prompt: string;
  readonly mode: string;
}

/** Answers a prompt: the text ssh reads, or undefined to cancel. */
export type AskpassHandler = (prompt: AskpassPrompt) => Promise<string | undefined>;

export interface AskpassServerOptions {
  /** The helper's script (askpass-main.js), run by `node`. */
  readonly helperMain: string;
  /** The program that runs it: this process's own (Electron runs as Node with ELECTRON_RUN_AS_NODE). */
  readonly nodePath: string;
  readonly platform?: NodeJS.Platform;
}

/**
 * The editor's end of the askpass channel: a unix socket in a folder only this user may open
 * (0700), and a random token for each ssh process, so a prompt reaches the handler of the ping that
 * started that process and nothing else. ssh is pointed at it with SSH_ASKPASS (a small script in
 * the same folder) and SSH_ASKPASS_REQUIRE=force, so it never needs a terminal.
 */
export class AskpassServer {
  private readonly handlers = new Map<string, AskpassHandler>();
  /** Open connections of the helpers, by token once known: a channel that closes ends its own. */
  private readonly connections = new Map<net.Socket, string | undefined>();
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly socketPath: string,
    private readonly script: string,
    private readonly server: net.Server,
  ) {
    server.on('connection', (c) => this.serve(c));
  }

  static async start(options: AskpassServerOptions): Promise<AskpassServer> {
    const platform = options.platform ?? process.platform;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'drc-askpass-'));
    try {
      await fs.chmod(dir, 0o700);
      const id = randomBytes(12).toString('hex');
      const socketPath = platform === 'win32' ? `\\\\.\\pipe\\drc-askpass-${id}` : path.join(dir, 'channel.sock');
      const script = path.join(dir, platform === 'win32' ? 'askpass.cmd' : 'askpass.sh');
      await fs.writeFile(script, helperScript(options, platform), { mode: 0o700 });
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', () => undefined);
      if (platform !== 'win32') await fs.chmod(socketPath, 0o600);
      return new AskpassServer(dir, socketPath, script, server);
    } catch (e) {
      await fs.rm(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** The environment for one ssh process whose prompts go to `handler`; dispose it when the process ends. */
  channel(handler: AskpassHandler): { readonly env: NodeJS.ProcessEnv; dispose(): void } {
    const token = randomBytes(24).toString('hex');
    this.handlers.set(token, handler);
    return {
      env: { SSH_ASKPASS: this.script, SSH_ASKPASS_REQUIRE: 'force', [ASKPASS_ENV.socket]: this.socketPath, [ASKPASS_ENV.token]: token },
      dispose: () => {
        this.handlers.delete(token);
        for (const [c, t] of this.connections) if (t === token) c.destroy();
      },
    };
  }

  /** Channels open now (for tests). */
  get openChannels(): number {
    return this.handlers.size;
  }

  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    for (const c of this.connections.keys()) c.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private serve(connection: net.Socket): void {
    let text = '';
    this.connections.set(connection, undefined);
    connection.on('close', () => this.connections.delete(connection));
    connection.setEncoding('utf8');
    connection.on('error', () => undefined);
    connection.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > ASKPASS_MAX_MESSAGE) connection.destroy();
      const end = text.indexOf('\n');
      if (end < 0) return;
      connection.removeAllListeners('data');
      void this.answer(text.slice(0, end), connection).then(
        (response) => connection.end(JSON.stringify(response)),
        () => connection.end('{}'),
      );
    });
  }

  private async answer(line: string, connection: net.Socket): Promise<AskpassResponse> {
    let request: Partial<AskpassRequest>;
    try {
      request = JSON.parse(line) as Partial<AskpassRequest>;
    } catch {
      return {};
    }
    const handler = typeof request.token === 'string' ? this.handlers.get(request.token) : undefined;
    if (!handler || typeof request.prompt !== 'string') return {};
    this.connections.set(connection, request.token);
    const answer = await handler({ prompt: request.prompt, mode: typeof request.mode === 'string' ? request.mode : '' });
    return answer === undefined ? {} : { answer };
  }
}

function helperScript(options: AskpassServerOptions, platform: NodeJS.Platform): string {
  if (platform === 'win32') return `@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n"${options.nodePath}" "${options.helperMain}" %*\r\n`;
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${q(options.nodePath)} ${q(options.helperMain)} "$@"\n`;
}
