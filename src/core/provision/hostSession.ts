import * as l10n from '@vscode/l10n';
import { RemoteProcess } from '../ssh/remoteProcess';
import { HostFacts, ProbeError, parseProbe } from './hostFacts';
import { ProvisionError } from './engineOnHost';
import { PROBE_SCRIPT } from './probeScript';
import { RemoteScript, remoteScript } from './remoteScript';

/** Starts a script on the host (over the SSH client that serves the context). */
export type RunOnHost = (script: RemoteScript) => Promise<RemoteProcess>;

/** Runs a script to its end and returns its output lines and exit status. */
export async function runToEnd(run: RunOnHost, script: RemoteScript): Promise<{ lines: string[]; code: number | undefined; stderr: string }> {
  const proc = await run(script);
  proc.write(script.input);
  proc.endInput();
  const lines: string[] = [];
  for (let line = await proc.nextLine(); line !== undefined; line = await proc.nextLine()) lines.push(line);
  const exit = await proc.exit;
  return { lines, code: exit.code, stderr: exit.stderr };
}

/** Looks at the host without changing anything (see probeScript.ts). */
export async function probeHost(run: RunOnHost, target: { socketPath?: string; port: number }, where: string): Promise<HostFacts> {
  const result = await runToEnd(run, remoteScript(PROBE_SCRIPT, [target.socketPath ? `unix://${target.socketPath}` : '-', String(target.port)], 'user'));
  try {
    return parseProbe(result.lines.join('\n'));
  } catch (e) {
    if (!(e instanceof ProbeError)) throw e;
    const said = result.stderr.trim().split('\n').slice(-2).join(' ');
    throw new ProvisionError(l10n.t('Looking at {0} failed (exit {1}). {2}', where, String(result.code ?? '?'), said || l10n.t('Its login shell may not be a POSIX shell.')));
  }
}

/**
 * Checks a sudo password on its own before it is used with a script: sudo -S would take each
 * following line of stdin as another try, and those lines are the script and the server key.
 */
export async function checkSudoPassword(run: RunOnHost, password: string, where: string): Promise<void> {
  if (/[\r\n]/.test(password)) throw new ProvisionError(l10n.t('A sudo password cannot hold a line break.'));
  const result = await runToEnd(run, { command: "sudo -S -k -p '' true", input: password + '\n' });
  if (result.code === 0) return;
  const said = result.stderr.replace(/\[sudo\][^\n]*/g, '').trim();
  if (/no tty present|a terminal is required|requiretty/i.test(said)) {
    throw new ProvisionError(l10n.t('sudo on {0} needs a terminal (requiretty), so it cannot be asked over SSH here. Allow it for this user, or log in as root.', where));
  }
  if (/not in the sudoers|not allowed to/i.test(said)) {
    throw new ProvisionError(l10n.t('The SSH user may not use sudo on {0}: {1}', where, said.split('\n').pop() ?? ''));
  }
  throw new ProvisionError(l10n.t('sudo on {0} refused the password.', where));
}
