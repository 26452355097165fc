import { Duplex } from 'stream';
import type { ClientChannel } from 'ssh2';
import { PingFailure } from '../ping/pingTypes';
import * as l10n from '@vscode/l10n';

/** The command the docker CLI runs on the remote host to reach its engine. */
export function dialStdioCommand(socketPath: string | undefined): string {
  return socketPath ? `docker --host=${shellQuote('unix://' + socketPath)} system dial-stdio` : 'docker system dial-stdio';
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * An exec channel running `docker system dial-stdio`, shaped as the socket Node's HTTP client
 * expects. When the remote command fails before answering, the stream ends with a PingFailure
 * built from its stderr instead of a bare "socket hang up".
 */
export class DialStdioSocket extends Duplex {
  private stderr = '';
  private exitCode: number | undefined;
  private answered = false;

  constructor(
    private readonly channel: ClientChannel,
    private readonly where: string,
  ) {
    super();
    channel.on('data', (chunk: Buffer) => {
      this.answered = true;
      if (!this.push(chunk)) channel.pause();
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 8192) this.stderr += chunk.toString('utf8');
    });
    channel.on('exit', (code: number | null) => {
      this.exitCode = code ?? undefined;
    });
    channel.on('close', () => {
      if (!this.answered && (this.exitCode !== 0 || this.stderr.trim())) {
        this.destroy(remoteFailure(this.stderr, this.exitCode, this.where));
      } else {
        this.push(null);
      }
    });
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.channel.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.channel.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.channel.close();
    callback(error);
  }

  // What Node's HTTP agent calls on a socket; a channel has no such knobs.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** Reads why `docker system dial-stdio` failed on the remote host. */
export function remoteFailure(stderr: string, exitCode: number | undefined, where: string): PingFailure {
  const text = stderr.trim();
  const quoted = text ? ' ' + l10n.t('It said: "{0}"', text.split('\n').slice(-3).join(' ').slice(0, 400)) : '';
  if (exitCode === 127 || /command not found|docker: not found|No such file or directory.*docker/i.test(text)) {
    return new PingFailure(
      'remote-docker-not-found',
      l10n.t('The docker CLI was not found on {0}.{1}', where, quoted),
      l10n.t('Install the docker CLI on the remote host, or put it on the PATH of non-interactive SSH sessions (for example /usr/local/bin).'),
    );
  }
  if (/permission denied/i.test(text)) {
    return new PingFailure(
      'remote-permission-denied',
      l10n.t('The remote user may not open the Docker socket on {0}.{1}', where, quoted),
      l10n.t('On the remote host, add the user to the docker group (sudo usermod -aG docker USER) and reconnect, or use a socket the user may open.'),
    );
  }
  if (/cannot connect to the docker daemon|no such file|connection refused|is the docker daemon running/i.test(text)) {
    return new PingFailure(
      'remote-engine-unreachable',
      l10n.t('The docker CLI on {0} cannot reach its engine.{1}', where, quoted),
      l10n.t('Start Docker on the remote host (sudo systemctl start docker), or check the socket path of the context.'),
    );
  }
  return new PingFailure(
    'remote-engine-unreachable',
    l10n.t('docker system dial-stdio failed on {0}{1}.{2}', where, exitCode !== undefined ? ` (exit ${exitCode})` : '', quoted),
    l10n.t('Run "docker system dial-stdio" on the remote host over SSH to see the problem.'),
  );
}
