import * as vscode from 'vscode';
import { ContextError } from '../core/errors';
import { storedHost } from '../core/store/newContexts';
import { UpdateContextInput, updateContext } from '../core/store/updateContext';
import { endpointTransport } from '../core/endpoint';
import { EditContextArgs } from '../constants/commands';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { contextNameOf } from './pickContext';

/**
 * `dockerContexts.edit`: changes the description or the endpoint of a context, as
 * `docker context update` does, keeping every key it does not know. Argument:
 * `{ name, description?, host?, skipTlsVerify?, tls?: "keep" | "remove" | { ca, cert, key } | { certDir } }`.
 * With a name alone (or a row) it asks what to change; without one it asks which context first.
 */
export async function editContextCommand(ctx: Services, call: Invocation<EditContextArgs>): Promise<string> {
  if (call.kind === 'argument' && hasChanges(call.value)) {
    await updateContext(ctx.model.store, call.value);
    ctx.logger.info('edit', `Updated "${call.value.name}"`);
    await ctx.model.refresh();
    return call.value.name;
  }
  const name = await contextNameOf(call, ctx.model, { title: vscode.l10n.t('Edit Docker Context'), placeholder: vscode.l10n.t('Select the context to edit'), exclude: (n) => n === 'default' });
  const context = await ctx.model.store.get(name);
  if (context.isDefault) throw new ContextError('reserved-name', vscode.l10n.t('The "default" context comes from the environment and cannot be edited.'));
  const description = { label: `$(note) ${vscode.l10n.t('Description')}`, description: context.description || '—', what: 'description' as const };
  const endpoint = { label: `$(plug) ${vscode.l10n.t('Endpoint')}`, description: context.host, what: 'host' as const };
  const picked = await vscode.window.showQuickPick([description, endpoint], { title: vscode.l10n.t('Edit {0}', name), placeHolder: vscode.l10n.t('What to change') });
  if (!picked) throw new ContextError('cancelled', 'cancelled');
  let input: UpdateContextInput;
  if (picked.what === 'description') {
    const value = await vscode.window.showInputBox({ title: vscode.l10n.t('Edit {0}', name), prompt: vscode.l10n.t('The description'), value: context.description, ignoreFocusOut: true });
    if (value === undefined) throw new ContextError('cancelled', 'cancelled');
    input = { name, description: value };
  } else {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Edit {0}', name),
      prompt: vscode.l10n.t('The endpoint: tcp://host:port, ssh://user@host or unix:///path'),
      value: context.host,
      ignoreFocusOut: true,
      validateInput: (v) => hostProblem(v.trim()),
    });
    if (value === undefined) throw new ContextError('cancelled', 'cancelled');
    input = { name, host: value.trim(), tls: await askTls(context.tls.ca !== undefined || context.tls.cert !== undefined, endpointTransport(value.trim())) };
  }
  await updateContext(ctx.model.store, input);
  ctx.logger.info('edit', `Updated "${name}"`);
  await ctx.model.refresh();
  return name;
}

function hasChanges(input: EditContextArgs): boolean {
  return input.description !== undefined || input.host !== undefined || input.skipTlsVerify !== undefined || input.tls !== undefined;
}

function hostProblem(host: string): string | undefined {
  const stored = storedHost(host);
  return 'problem' in stored ? stored.problem : undefined;
}

/** For a context with TLS material: keep it, replace it, or remove it. */
async function askTls(hasTls: boolean, transport: string): Promise<UpdateContextInput['tls']> {
  if (!hasTls) return 'keep';
  const keep = { label: vscode.l10n.t('Keep the TLS material'), choice: 'keep' as const };
  const replace = { label: vscode.l10n.t('Replace it with a folder of ca.pem, cert.pem and key.pem…'), choice: 'replace' as const };
  const remove = { label: vscode.l10n.t('Remove it'), description: transport === 'ssh' ? vscode.l10n.t('SSH does not use it') : undefined, choice: 'remove' as const };
  const picked = await vscode.window.showQuickPick([keep, replace, remove], { placeHolder: vscode.l10n.t('The context has TLS material') });
  if (!picked) throw new ContextError('cancelled', 'cancelled');
  if (picked.choice !== 'replace') return picked.choice;
  const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Use These Certificates') });
  if (!folder?.[0]) throw new ContextError('cancelled', 'cancelled');
  return { certDir: folder[0].fsPath };
}
