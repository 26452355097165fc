import * as vscode from 'vscode';
import { ContextKey, ContextKeys } from './constants/contextKeys';
import { ContextsModel } from './contextsModel';

/** Sets one of our context keys for the manifest's `when` clauses. */
export function setContextKey(key: ContextKey, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}

/** Keeps `dockerContexts.storeEmpty` true while the store holds nothing but `default`, for the welcome view. */
export function trackStoreEmpty(model: ContextsModel): vscode.Disposable {
  const update = () =>
    void model.snapshot().then((s) => setContextKey(ContextKeys.storeEmpty, s.listing.contexts.length <= 1 && s.listing.broken.length === 0));
  update();
  return model.onDidChange(update);
}
