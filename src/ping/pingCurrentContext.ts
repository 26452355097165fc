import * as vscode from 'vscode';
import { ContextsModel } from '../contextsModel';
import { PingService } from './pingService';

/**
 * Pings the context in effect whenever it changes (and once at start), without asking anything,
 * so the status bar can say whether it answers. An SSH host that is not yet trusted shows as
 * such until the person pings it from the explorer.
 */
export function pingCurrentContextOnChange(model: ContextsModel, pings: PingService): vscode.Disposable {
  let last = '';
  return model.onDidChange((s) => {
    const context = s.listing.contexts.find((c) => c.name === s.current.name);
    const key = context ? `${context.name}|${context.host}` : '';
    if (!context || key === last) return;
    last = key;
    void pings.ping(context);
  });
}
