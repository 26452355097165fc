import * as vscode from 'vscode';
import { ContextsModel, ContextsSnapshot } from '../contextsModel';
import { errorMessage } from '../core/errors';
import { PingResult } from '../core/ping/pingTypes';
import { Transition, WatchSample } from '../core/watch/contextHealth';
import { HeartbeatOutcome, WatchClock, WatchScheduler, WatchTarget, realClock } from '../core/watch/watchScheduler';
import { Disposable } from '../lifecycle';
import { Logger } from '../logger';
import { PingService } from '../ping/pingService';
import { Settings, onDidChangeSettings, readSettings } from '../settings';
import { WatchHistorySource } from '../tooltips/watchHistoryText';

/** A notification the watch showed, for the extension's own tests. */
export interface WatchNotification {
  readonly context: string;
  readonly transition: Transition;
  readonly message: string;
}

/**
 * The health watch (dockerContexts.watch, off by default): a heartbeat `GET /_ping` of each
 * watched context through the PingService (its kept connections; asking nobody, so no prompt and
 * no write to known_hosts), on the schedule of src/core/watch, paused while this window has no
 * focus. A notification when a watched engine goes down and when it comes back, once per change;
 * the rows and the status bar follow the results as they follow any ping's, and a watched row's
 * hover shows its last heartbeats.
 */
export class HealthWatch extends Disposable implements WatchHistorySource {
  private readonly notified = this._register(new vscode.EventEmitter<WatchNotification>());
  /** Fires as a down or up notification is shown. */
  readonly onDidNotify = this.notified.event;
  private readonly historyChanged = this._register(new vscode.EventEmitter<readonly string[]>());
  /** Fires with the contexts whose heartbeat history changed (a heartbeat came, or watching stopped). */
  readonly onDidChangeHistory = this.historyChanged.event;
  private readonly scheduler: WatchScheduler;
  private settings: Settings = readSettings();
  private snapshot: ContextsSnapshot | undefined;
  /** Set by the extension's tests: the focus the watch acts on instead of the window's. */
  private focusOverride: boolean | undefined;
  private loggedProblem: string | undefined;
  private loggedMissing = new Set<string>();
  /** The last failed heartbeat of each context, for the "down" notification's reason. */
  private readonly lastFailure = new Map<string, PingResult>();

  constructor(
    model: ContextsModel,
    private readonly pings: PingService,
    private readonly logger: Logger,
    clock: WatchClock = realClock,
  ) {
    super();
    this.scheduler = new WatchScheduler({
      clock,
      random: Math.random,
      intervalMs: this.settings.watchIntervalSeconds * 1000,
      ping: (name) => this.heartbeat(name),
      onSample: (name, sample, transition) => this.sampled(name, sample, transition),
    });
    this._register({ dispose: () => this.scheduler.dispose() });
    this.scheduler.setActive(vscode.window.state.focused);
    this._register(vscode.window.onDidChangeWindowState((w) => this.focusOverride === undefined && this.scheduler.setActive(w.focused)));
    this._register(
      onDidChangeSettings((s) => {
        this.settings = s;
        this.scheduler.setInterval(s.watchIntervalSeconds * 1000);
        this.update();
      }),
    );
    this._register(
      model.onDidChange((s) => {
        this.snapshot = s;
        this.update();
      }),
    );
    model.snapshot().then(
      (s) => {
        // Unless a change came first.
        if (this.snapshot) return;
        this.snapshot = s;
        this.update();
      },
      (e: unknown) => this.logger.error('watch', errorMessage(e)),
    );
  }

  /** The last heartbeats of a watched context, oldest first; undefined when it is not watched. */
  history(name: string): readonly WatchSample[] | undefined {
    return this.scheduler.history(name);
  }

  get intervalSeconds(): number {
    return this.settings.watchIntervalSeconds;
  }

  /** The contexts watched now. */
  get watched(): readonly string[] {
    return this.scheduler.names;
  }

  /** When the next heartbeat of `name` is due (Date.now() milliseconds); undefined while one runs or when it is not watched. */
  nextHeartbeatAt(name: string): number | undefined {
    return this.scheduler.dueAt(name);
  }

  /** Whether heartbeats run (the window has focus) or wait. */
  get running(): boolean {
    return this.scheduler.isActive;
  }

  /**
   * For the extension's own tests, whose window may or may not have focus: act as if it had
   * (true) or had not (false); undefined follows the window again.
   */
  simulateFocus(focused: boolean | undefined): void {
    this.focusOverride = focused;
    this.scheduler.setActive(focused ?? vscode.window.state.focused);
  }

  /** Watches what the setting names among the contexts the store lists now. */
  private update(): void {
    const { targets, problem } = this.settings.watch;
    if (problem !== this.loggedProblem && problem) this.logger.warn('watch', problem);
    this.loggedProblem = problem;
    const snapshot = this.snapshot;
    if (!snapshot) return;
    const names = targets.mode === 'off' ? [] : targets.mode === 'current' ? [snapshot.current.name] : targets.names;
    const found: WatchTarget[] = [];
    const missing = new Set<string>();
    for (const name of names) {
      const context = snapshot.listing.contexts.find((c) => c.name === name);
      if (context) found.push({ name, key: context.host });
      else missing.add(name);
    }
    for (const name of missing) if (!this.loggedMissing.has(name)) this.logger.warn('watch', `no context named "${name}" to watch (yet)`);
    this.loggedMissing = missing;
    const before = this.scheduler.names;
    this.scheduler.setTargets(found);
    const after = this.scheduler.names;
    if (before.join('\0') !== after.join('\0')) {
      this.logger.info('watch', after.length ? `watching ${after.join(', ')} every ${this.settings.watchIntervalSeconds} s while the window has focus` : 'watching nothing');
    }
    const dropped = before.filter((n) => !after.includes(n));
    for (const name of dropped) this.lastFailure.delete(name);
    if (dropped.length) this.historyChanged.fire(dropped);
  }

  /** One heartbeat: a ping through the service that asks nobody and shows no spinner. */
  private async heartbeat(name: string): Promise<HeartbeatOutcome | 'cancelled'> {
    const context = this.snapshot?.listing.contexts.find((c) => c.name === name);
    if (!context) return 'cancelled';
    const r = await this.pings.ping(context, { quiet: true });
    if (r.ok) return { ok: true, latencyMs: r.latencyMs };
    if (r.error?.kind === 'cancelled') return 'cancelled';
    this.lastFailure.set(name, r);
    return { ok: false, latencyMs: r.latencyMs, kind: r.error?.kind ?? 'unknown' };
  }

  private sampled(name: string, sample: WatchSample, transition: Transition | undefined): void {
    this.historyChanged.fire([name]);
    if (transition) this.notify(name, transition, sample);
  }

  private notify(name: string, transition: Transition, sample: WatchSample): void {
    let message: string;
    if (transition === 'down') {
      const reason = this.lastFailure.get(name)?.error?.message ?? '';
      message = vscode.l10n.t('The Docker engine of the context "{0}" stopped answering: {1}', name, reason);
      this.logger.warn('watch', `${name}: down (${sample.ok ? '' : sample.kind}) ${reason}`);
      void vscode.window.showWarningMessage(message);
    } else {
      message = vscode.l10n.t('The Docker engine of the context "{0}" answers again.', name);
      this.logger.info('watch', `${name}: answers again, in ${Math.round(sample.latencyMs)} ms`);
      void vscode.window.showInformationMessage(message);
    }
    this.notified.fire({ context: name, transition, message });
  }
}
