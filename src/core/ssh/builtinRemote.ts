import { Endpoint } from '../endpoint';
import { PingFailure } from '../ping/pingTypes';
import * as l10n from '@vscode/l10n';
import { RemoteProcess, remoteProcessOf } from './remoteProcess';
import { SshConnectOptions, connectSsh } from './sshConnect';

type SshEndpoint = Extract<Endpoint, { transport: 'ssh' }>;

/** Where and how to connect: as for the engine connections of the built-in client. */
export type BuiltinRunOptions = SshConnectOptions;

/**
 * Runs `command` on the endpoint's host through the built-in client, on a connection of its own
 * (host keys, config and prompts as for the engine connections), closed when the command ends.
 */
export async function runBuiltin(endpoint: SshEndpoint, command: string, options: BuiltinRunOptions): Promise<RemoteProcess> {
  const connection = await connectSsh({ user: endpoint.user, host: endpoint.hostname, port: endpoint.port }, options);
  const s = connection.settings;
  const where = `${s.user}@${s.hostname}${s.port === 22 ? '' : ':' + s.port}`;
  return new Promise<RemoteProcess>((resolve, reject) => {
    try {
      connection.client.exec(command, (err, channel) => {
        if (err) {
          connection.close();
          reject(new PingFailure('ssh-connection-failed', l10n.t('{0} refused to run a command: {1}', where, err.message), l10n.t('Check that the account on the host may run commands over SSH.')));
          return;
        }
        let code: number | undefined;
        let lost = false;
        channel.on('exit', (c: number | null) => (code = c ?? undefined));
        connection.client.on('close', () => (lost = true));
        const ended = new Promise<number | undefined>((done) => channel.once('close', () => done(code)));
        void ended.then(() => connection.close());
        options.log?.(`running a command on ${where} through the built-in client`);
        resolve(
          remoteProcessOf(
            { stdout: channel, stdin: channel, stderr: channel.stderr },
            ended,
            () => {
              channel.close();
              connection.close();
            },
            () => (lost && code === undefined ? new PingFailure('ssh-connection-failed', l10n.t('The SSH connection to {0} was lost.', where), l10n.t('Check the network, then run the command again.')) : undefined),
          ),
        );
      });
    } catch (e) {
      connection.close();
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
