import * as vscode from 'vscode';
import { HostKeyQuestion, SshInteraction } from '../core/ssh/sshTypes';
import { Logger } from '../logger';

const SECRET_PREFIX = 'dockerContexts.passphrase:';

/**
 * Asks a person what the SSH code needs: whether to trust an unknown host key (once, or
 * saved to known_hosts), and the passphrase of an encrypted key (kept in VS Code's
 * SecretStorage only when the person asks). Passphrases are never logged.
 */
export class SshPrompts implements SshInteraction {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly logger: Logger,
  ) {}

  async confirmHostKey(q: HostKeyQuestion): Promise<'once' | 'save' | 'reject'> {
    const once = vscode.l10n.t('Trust Once');
    const save = vscode.l10n.t('Trust and Save');
    const where = q.port === 22 ? q.host : `${q.host}:${q.port}`;
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('The authenticity of host {0} cannot be established.', where),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Its {0} key fingerprint is {1}.\n\nCompare it with the fingerprint the host’s administrator gives you (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host). "Trust and Save" adds the key to {2}.',
          q.keyType,
          q.fingerprint,
          q.knownHostsFile,
        ),
      },
      once,
      save,
    );
    const result = answer === save ? 'save' : answer === once ? 'once' : 'reject';
    this.logger.info('ssh', `host key of ${where} (${q.fingerprint}): ${result}`);
    return result;
  }

  async askPassphrase(keyFile: string, attempt: number): Promise<string | undefined> {
    const secretKey = SECRET_PREFIX + keyFile;
    if (attempt === 1) {
      const stored = await this.secrets.get(secretKey);
      if (stored !== undefined) return stored;
    } else {
      await this.secrets.delete(secretKey);
    }
    const passphrase = await vscode.window.showInputBox({
      title: vscode.l10n.t('SSH key passphrase'),
      prompt: attempt > 1 ? vscode.l10n.t('Wrong passphrase. Enter the passphrase for {0}', keyFile) : vscode.l10n.t('Enter the passphrase for {0}', keyFile),
      password: true,
      ignoreFocusOut: true,
    });
    if (passphrase === undefined) return undefined;
    const remember = vscode.l10n.t('Remember');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Remember the passphrase of {0} in VS Code’s secret storage?', keyFile), remember)
      .then((a) => (a === remember ? this.secrets.store(secretKey, passphrase) : undefined));
    return passphrase;
  }
}
