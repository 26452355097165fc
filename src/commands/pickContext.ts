import * as vscode from 'vscode';
import { ContextError } from '../core/errors';
import { ContextsModel } from '../contextsModel';
import { Invocation } from './arguments/invocation';
import { PingService } from '../ping/pingService';
import { pingSummary } from '../ping/pingText';

interface ContextPick extends vscode.QuickPickItem {
  readonly name: string;
}

/**
 * Asks for a context in a quick pick: name, endpoint, the current one marked. Throws
 * `cancelled` when the person closes it.
 */
export async function pickContext(
  model: ContextsModel,
  options: { title: string; placeholder: string; exclude?: (name: string) => boolean; pings?: PingService },
): Promise<string> {
  const snapshot = await model.refresh();
  const items: ContextPick[] = snapshot.listing.contexts
    .filter((c) => !options.exclude?.(c.name))
    .map((c) => {
      const current = c.name === snapshot.current.name;
      const last = options.pings?.lastResult(c.name);
      const state = last ? ` — ${last.ok ? '$(pass)' : '$(error)'} ${pingSummary(last)}` : '';
      return {
        name: c.name,
        label: `${current ? '$(check)' : '$(blank)'} ${c.name}`,
        description: (current ? vscode.l10n.t('current · {0}', c.host) : c.host) + state,
        detail: c.description || undefined,
      };
    });
  if (items.length === 0) {
    throw new ContextError('not-found', vscode.l10n.t('There is no Docker context to choose from.'));
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: options.title,
    placeHolder: options.placeholder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) throw new ContextError('cancelled', 'cancelled');
  return picked.name;
}

/**
 * The context a call is about: the argument's name, the tree row's context (a damaged row gives
 * its error), or the one the person picks.
 */
export async function contextNameOf(
  call: Invocation<{ name: string }>,
  model: ContextsModel,
  pick: Parameters<typeof pickContext>[1],
): Promise<string> {
  if (call.kind === 'argument') return call.value.name;
  if (call.kind === 'node') {
    if (call.node.kind !== 'context') throw new ContextError('store-unreadable', call.node.entry.error);
    return call.node.context.name;
  }
  return pickContext(model, pick);
}
