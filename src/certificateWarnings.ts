import * as vscode from 'vscode';
import { executeCommand } from './commands/typedCommands';
import { Commands } from './constants/commands';
import { ContextsModel, ContextsSnapshot } from './contextsModel';
import { errorMessage } from './core/errors';
import { DueWarning, certificateDates, dueWarnings, supersededWarningKeys } from './core/tls/expiryWarnings';
import { CertificateKind } from './core/tls/tlsExpiry';
import { Disposable } from './lifecycle';
import { Logger } from './logger';
import { PingService } from './ping/pingService';
import { onDidChangeSettings, readSettings } from './settings';

/** A button on a certificate warning. */
interface WarningAction {
  readonly title: string;
  run(context: string): Thenable<unknown>;
}

/** What each certificate's warning offers; a new action for a certificate goes here. */
function actionsFor(which: CertificateKind): WarningAction[] {
  switch (which) {
    case 'client':
      return [{ title: vscode.l10n.t('Renew Client Certificate'), run: (name) => executeCommand(Commands.renewClientCertificate, { name }) }];
    case 'engine':
      return [
        { title: vscode.l10n.t('Rotate Engine Certificate'), run: (name) => executeCommand(Commands.rotateEngineCertificate, name) },
        { title: vscode.l10n.t('Show Details'), run: (name) => executeCommand(Commands.inspect, { name }) },
      ];
    case 'ca':
      return [];
  }
}

/** A warning as it was shown, for the extension's own tests. */
export interface ShownWarning extends DueWarning {
  readonly message: string;
  readonly actions: readonly string[];
}

/**
 * Warns once per stage (30, 7 and 1 days before the end, and once it has passed) for each
 * certificate of each context: the client certificate and the CA from the store, the engine's
 * own from the pings. Stages beyond dockerContexts.expiryWarningDays are not shown; 0 turns the
 * warnings off. What was shown is remembered in globalState under a key with the context, the
 * certificate, its end date and the stage, so a renewed certificate warns again when its time
 * comes; keys of a certificate since replaced are forgotten.
 */
export class CertificateWarnings extends Disposable {
  private readonly warned = this._register(new vscode.EventEmitter<ShownWarning>());
  /** Fires as a warning is shown. */
  readonly onDidWarn = this.warned.event;
  /** Shown in this window, in case globalState has not taken the key yet when the next check runs. */
  private readonly shownHere = new Set<string>();
  private latest: ContextsSnapshot | undefined;

  constructor(
    model: ContextsModel,
    pings: PingService,
    private readonly memory: vscode.Memento,
    private readonly logger: Logger,
  ) {
    super();
    this._register(model.onDidChange((s) => this.check(s)));
    this._register(model.onDidChangeExpiry(({ snapshot, names }) => this.check(snapshot, names)));
    // Time passes without the dates changing: a ping, the window's focus or the setting looks again.
    this._register(pings.onDidChangeResults((names) => this.recheck(names)));
    this._register(vscode.window.onDidChangeWindowState((w) => (w.focused ? this.recheck() : undefined)));
    this._register(onDidChangeSettings(() => this.recheck()));
    model.snapshot().then(
      // Unless a change came first.
      (s) => (this.latest ? undefined : this.check(s)),
      (e: unknown) => this.logger.error('certificates', errorMessage(e)),
    );
  }

  /** Looks again at the dates last seen. */
  private recheck(names?: readonly string[]): void {
    if (this.latest) this.check(this.latest, names);
  }

  /** Shows what is due for the contexts `names` (all when left out) of `snapshot`. */
  private check(snapshot: ContextsSnapshot, names?: readonly string[]): void {
    this.latest = snapshot;
    const warnDays = readSettings().expiryWarningDays;
    const dates = certificateDates(snapshot.expiry, names);
    if (dates.length === 0) return;
    const due = dueWarnings(dates, { now: new Date(), warnDays, shown: (key) => this.shownHere.has(key) || this.memory.get<boolean>(key) === true });
    for (const warning of due) this.show(warning);
    for (const key of supersededWarningKeys(this.memory.keys(), dates)) this.remember(key, undefined);
  }

  private show(warning: DueWarning): void {
    this.shownHere.add(warning.key);
    this.remember(warning.key, true);
    const message = warningMessage(warning);
    const actions = actionsFor(warning.which);
    this.logger.info('certificates', `warned: ${warning.context}, ${warning.which} certificate, valid until ${warning.notAfter.toISOString()} (${warning.stage === 'expired' ? 'expired' : `${warning.stage}-day warning`})`);
    this.warned.fire({ ...warning, message, actions: actions.map((a) => a.title) });
    void vscode.window.showWarningMessage(message, ...actions.map((a) => a.title)).then(
      (chosen) => actions.find((a) => a.title === chosen)?.run(warning.context),
      // The command's own wrapper has logged and shown its failure.
      () => undefined,
    );
  }

  private remember(key: string, value: true | undefined): void {
    this.memory.update(key, value).then(undefined, (e: unknown) => this.logger.error('certificates', `could not remember a shown warning: ${errorMessage(e)}`));
  }
}

/** The warning's text: which certificate of which context, and when it ends or ended. */
export function warningMessage(w: DueWarning): string {
  const day = w.notAfter.toISOString().slice(0, 10);
  if (w.stage === 'expired') {
    switch (w.which) {
      case 'client':
        return vscode.l10n.t('The client certificate of the Docker context "{0}" expired on {1}.', w.context, day);
      case 'ca':
        return vscode.l10n.t('The CA certificate of the Docker context "{0}" expired on {1}.', w.context, day);
      case 'engine':
        return vscode.l10n.t('The engine certificate of the Docker context "{0}" expired on {1}.', w.context, day);
    }
  }
  const left = w.daysLeft >= 2 ? vscode.l10n.t('in {0} days', String(w.daysLeft)) : w.daysLeft === 1 ? vscode.l10n.t('in 1 day') : vscode.l10n.t('in less than a day');
  switch (w.which) {
    case 'client':
      return vscode.l10n.t('The client certificate of the Docker context "{0}" expires on {1}, {2}.', w.context, day, left);
    case 'ca':
      return vscode.l10n.t('The CA certificate of the Docker context "{0}" expires on {1}, {2}.', w.context, day, left);
    case 'engine':
      return vscode.l10n.t('The engine certificate of the Docker context "{0}" expires on {1}, {2}.', w.context, day, left);
  }
}
