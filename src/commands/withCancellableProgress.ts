import * as vscode from 'vscode';

/** A progress notification under way, with the Cancel its button sends. */
export interface RunningProgress {
  readonly title: string;
  readonly cancel: () => void;
}

const started = new vscode.EventEmitter<RunningProgress>();

/** Fires when a cancellable progress notification starts, for the extension's own host tests. */
export const onProgressStarted = started.event;

/**
 * Runs `work` under a cancellable progress notification, handing it an AbortSignal tied to
 * Cancel. A cancel makes `work` reject with the signal's AbortError, which the command registry
 * turns into silence and an `undefined` result.
 */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token): Promise<T> => {
    const controller = new AbortController();
    const cancel = () => controller.abort();
    const sub = token.onCancellationRequested(cancel);
    started.fire({ title, cancel });
    return work(controller.signal, (message) => progress.report({ message })).finally(() => {
      sub.dispose();
    });
  });
}
