import type { ClientChannel } from 'ssh2';
import { PingFailure } from '../ping/pingTypes';
import * as l10n from '@vscode/l10n';
import { StdioSocket } from './stdioSocket';

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
export class DialStdioSocket extends StdioSocket {
  private exitCode: number | undefined;

  constructor(
    private readonly channel: ClientChannel,
    private readonly where: string,
  ) {
    super({ stdout: channel, stdin: channel, stderr: channel.stderr }, { chars: 8192, keep: 'first' });
    channel.on('exit', (code: number | null) => {
      this.exitCode = code ?? undefined;
    });
    channel.on('close', () => this.remoteEnded(this.exitCode));
  }

  protected override earlyFailure(stderr: string, exitCode: number | undefined): PingFailure | undefined {
    return exitCode !== 0 || stderr.trim() ? remoteFailure(stderr, exitCode, this.where) : undefined;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.channel.close();
    callback(error);
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
