import * as l10n from '@vscode/l10n';
import { errorMessage } from '../errors';
import { RemoteExit, RemoteProcess } from '../ssh/remoteProcess';
import { APPLY_SCRIPT } from './applyScript';
import { EngineManager, ProvisionError } from './engineOnHost';
import { RemoteScript, RunAs, remoteScript } from './remoteScript';

/** What to change on the host: the server's files, and daemon.json and a drop-in when they change. */
export interface HostChange {
  readonly manager: EngineManager;
  readonly daemonJsonPath: string;
  readonly daemonJsonMode: string;
  readonly tlsDir: string;
  readonly backupDir: string;
  readonly dropInPath?: string;
  readonly dockerHost: string;
  readonly port: number;
  /** `0:0`, or '-' to keep the user's own. */
  readonly owner: string;
  readonly files: { readonly ca: string; readonly cert: string; readonly key: string };
  /** The new daemon.json, or undefined to leave it. */
  readonly daemonJson?: string;
  readonly dropIn?: string;
}

/** The change is in place and the engine answers on its socket: keep it or undo it. */
export interface ChangedHost {
  /** The engine listens on the TLS port on the host itself (so a failure from here points at a firewall). */
  readonly listening: boolean;
  /** Keeps the change; resolves with the backup folder on the host. */
  commit(): Promise<string>;
  /** Undoes it; always throws a ProvisionError that says why and how the host was left. */
  rollback(why: string): Promise<never>;
}

export interface ApplyOptions {
  readonly runAs: RunAs;
  readonly sudoPassword?: string;
  /** Seconds to wait for the engine to answer after a restart. */
  readonly engineWaitS?: number;
  /** Seconds the host waits for the verdict before it undoes the change itself. */
  readonly verdictWaitS?: number;
  readonly progress?: (step: 'files' | 'restart') => void;
  readonly log?: (line: string) => void;
}

const b64 = (text: string | undefined) => (text === undefined ? '-' : Buffer.from(text, 'utf8').toString('base64'));

/**
 * Runs the change on the host (see applyScript.ts) through `run` and follows it until the engine
 * is back with the change, or the host has undone it. The server key travels only on stdin.
 */
export async function applyOnHost(run: (script: RemoteScript) => Promise<RemoteProcess>, change: HostChange, where: string, options: ApplyOptions): Promise<ChangedHost> {
  const args = [
    change.manager,
    change.daemonJsonPath,
    change.daemonJsonMode,
    change.tlsDir,
    change.backupDir,
    change.dropInPath ?? '-',
    change.dockerHost,
    String(change.port),
    change.owner,
    String(options.engineWaitS ?? 90),
    String(options.verdictWaitS ?? 120),
  ];
  const data = [b64(change.files.ca), b64(change.files.cert), b64(change.files.key), b64(change.daemonJson), b64(change.dropIn)].join('\n') + '\n';
  const script = remoteScript(APPLY_SCRIPT, args, options.runAs, { sudoPassword: options.sudoPassword, data });
  const proc = await run(script);
  proc.write(script.input);
  const logs: string[] = [];
  let listening = false;
  let ready = false;

  /** Reads lines until one the caller waits for; an end of output or a failure becomes a ProvisionError. */
  const until = async (wanted: (line: string) => boolean): Promise<string> => {
    for (;;) {
      const line = await proc.nextLine();
      if (line === undefined) throw await ended();
      if (line.startsWith('LOG ')) {
        logs.push(line.slice(4));
        if (logs.length > 30) logs.shift();
        options.log?.(`${where}: ${line.slice(4)}`);
      } else if (line.startsWith('STEP ')) options.progress?.(line.slice(5) as 'files' | 'restart');
      else if (line.startsWith('LISTENING ')) listening = line === 'LISTENING yes';
      else if (line.startsWith('FAILED ')) throw new ProvisionError(l10n.t('Nothing was changed on {0}: the backup of the files to replace failed ({1}).', where, line.slice(7)), logs);
      else if (line.startsWith('ROLLED-BACK ')) throw rolledBack(line, where, logs);
      else if (wanted(line)) return line;
    }
  };
  const ended = async (): Promise<ProvisionError> => {
    const exit: RemoteExit | { failed: unknown } = await proc.exit.catch((e: unknown) => ({ failed: e }));
    if (ready) {
      // The host took the change and waits for a verdict that can no longer come: it undoes the change itself.
      return new ProvisionError(
        l10n.t('The connection to {0} was lost before the change was kept. The host undoes it by itself as soon as it notices (at the latest after {1} seconds); check that the engine answers there.', where, String(options.verdictWaitS ?? 120)),
        logs,
      );
    }
    if ('failed' in exit) {
      return new ProvisionError(
        l10n.t('The connection to {0} was lost during the change: {1} If the change had begun, the host undoes it by itself; check the engine there.', where, errorMessage(exit.failed)),
        logs,
      );
    }
    return new ProvisionError(l10n.t('The change on {0} ended unexpectedly (exit {1}). {2}', where, String(exit.code ?? '?'), exit.stderr.trim().split('\n').slice(-2).join(' ')), logs);
  };

  try {
    await until((line) => line === 'READY');
    ready = true;
  } catch (e) {
    proc.kill();
    throw e;
  }
  return {
    listening,
    commit: async () => {
      proc.write('COMMIT\n');
      proc.endInput();
      const done = await until((line) => line.startsWith('DONE '));
      return done.slice(5);
    },
    rollback: async (why) => {
      proc.write('ROLLBACK\n');
      proc.endInput();
      try {
        await until(() => false);
      } catch (e) {
        if (e instanceof ProvisionError) throw new ProvisionError(`${why} ${e.message}`, e.details);
        throw e;
      }
      throw new ProvisionError(why, logs);
    },
  };
}

function rolledBack(line: string, where: string, logs: string[]): ProvisionError {
  const [, state, ...reason] = line.split(' ');
  const why = reason.join(' ');
  const cause =
    why === 'engine-did-not-start'
      ? l10n.t('The engine did not start with the new settings.')
      : why === 'ROLLBACK'
        ? ''
        : why === 'no-answer'
          ? l10n.t('The host heard nothing from here in time.')
          : l10n.t('Writing the files failed ({0}).', why);
  const outcome =
    state === 'up'
      ? l10n.t('Everything on {0} was restored and the engine answers on its socket again.', where)
      : l10n.t('The files on {0} were restored, but the engine does not answer on its socket: look at its log on the host.', where);
  return new ProvisionError([cause, outcome].filter(Boolean).join(' '), logs);
}
