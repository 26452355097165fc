import * as vscode from 'vscode';
import { AskpassPrompt } from '../core/ssh/askpass/askpassServer';
import { HOST_KEY_YES, sshPromptKind } from '../core/ssh/askpass/promptKinds';
import { SshAsker } from '../core/ssh/sshTransports';
import { HostKeyQuestion } from '../core/ssh/sshTypes';
import { Logger } from '../logger';

const SECRET_PREFIX = 'dockerContexts.passphrase:';

/**
 * Asks a person what SSH needs. For the built-in client: whether to trust an unknown host key
 * (once, or saved to known_hosts), and the passphrase of an encrypted key (kept in VS Code's
 * SecretStorage only when the person asks). For OpenSSH: each prompt ssh hands its askpass helper,
 * with ssh's own words. Nothing typed is ever logged.
 */
export class SshPrompts implements SshAsker {
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

  /** A prompt of an ssh process (through askpass): the text ssh reads, or undefined to cancel. */
  async answer(p: AskpassPrompt & { readonly where: string }): Promise<string | undefined> {
    const asked = sshPromptKind(p);
    let answer: string | undefined;
    switch (asked.kind) {
      case 'host-key': {
        const save = vscode.l10n.t('Trust and Save');
        const choice = await vscode.window.showWarningMessage(
          asked.headline,
          {
            modal: true,
            detail: `${asked.details}\n\n${vscode.l10n.t('Compare the fingerprint with the one the host’s administrator gives you (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host). "Trust and Save" answers ssh "yes": it adds the key to your known_hosts, as in a terminal.')}`,
          },
          save,
        );
        answer = choice === save ? HOST_KEY_YES : undefined;
        this.logger.info('ssh', `host key of ${p.where}${asked.fingerprint ? ` (${asked.fingerprint})` : ''}: ${answer ? 'trusted and saved' : 'refused'}`);
        return answer;
      }
      case 'confirm': {
        const yes = vscode.l10n.t('Yes');
        const choice = await vscode.window.showWarningMessage(asked.text, { modal: true, detail: vscode.l10n.t('ssh asks on behalf of {0}.', p.where) }, yes);
        answer = choice === yes ? '' : undefined;
        break;
      }
      case 'notice':
        void vscode.window.showInformationMessage(`${p.where}: ${asked.text}`);
        answer = '';
        break;
      default:
        answer = await vscode.window.showInputBox({
          title: asked.kind === 'password' ? vscode.l10n.t('SSH password for {0}', p.where) : asked.kind === 'passphrase' ? vscode.l10n.t('SSH key passphrase') : vscode.l10n.t('SSH: {0}', p.where),
          prompt: asked.text,
          password: true,
          ignoreFocusOut: true,
        });
    }
    this.logger.info('ssh', `${p.where} asked (${asked.kind}): ${answer === undefined ? 'cancelled' : 'answered'}`);
    return answer;
  }
}
