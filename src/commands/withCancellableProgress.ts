import * as vscode from 'vscode';

/** Runs `work` under a cancellable progress notification, handing it an AbortSignal tied to Cancel. */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token): Promise<T> => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    return work(controller.signal).finally(() => {
      sub.dispose();
    });
  });
}
