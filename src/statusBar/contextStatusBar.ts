import * as vscode from 'vscode';
import { ContextsModel, ContextsSnapshot } from '../contextsModel';
import { Disposable } from '../lifecycle';
import { PingService } from '../ping/pingService';
import { appendPingMarkdown, pingSummary } from '../ping/pingText';
import { expiryState } from '../core/tls/tlsExpiry';
import { readSettings } from '../settings';
import { Commands } from '../constants/commands';
import { STATUS_BAR_ID } from '../constants/contextKeys';
import { appendExpiryMarkdown } from '../tooltips/expiryText';
import { ScopeFacts, scopeNote } from './scopeText';

/** The context in effect, on the left of the status bar, and whether it answered; a click opens the switcher. */
export class ContextStatusBar extends Disposable {
  readonly item: vscode.StatusBarItem;
  private snapshot: ContextsSnapshot | undefined;

  constructor(
    model: ContextsModel,
    private readonly pings: PingService,
    /** Where a switch applies, for the tooltip's word on it; without it the tooltip says nothing of the scope. */
    private readonly scope?: ScopeFacts,
  ) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 50));
    this.item.name = vscode.l10n.t('Docker Context');
    this.item.command = { command: Commands.use, title: vscode.l10n.t('Use Context…') };
    this._register(model.onDidChange((s) => this.update(s)));
    this._register(
      model.onDidChangeExpiry(({ snapshot, names }) => {
        if (names.includes(snapshot.current.name)) this.update(snapshot);
        else this.snapshot = snapshot;
      }),
    );
    this._register(
      pings.onDidChangeResults((names) => {
        if (this.snapshot && names.includes(this.snapshot.current.name)) this.update(this.snapshot);
      }),
    );
    if (scope) this._register(scope.onDidChangeFacts(() => this.snapshot && this.update(this.snapshot)));
    void model.snapshot().then((s) => this.update(s));
  }

  private update(snapshot: ContextsSnapshot): void {
    this.snapshot = snapshot;
    const { current } = snapshot;
    const context = snapshot.listing.contexts.find((c) => c.name === current.name);
    const ping = this.pings.lastResult(current.name);
    const overridden = current.source === 'DOCKER_HOST' && current.overridden !== undefined;
    const missing = context === undefined;
    const down = ping !== undefined && !ping.ok;
    const tlsExpiry = snapshot.expiry[current.name];
    const expiring = tlsExpiry ? expiryState(tlsExpiry, readSettings().expiryWarningDays).state !== 'ok' : false;
    const icon = overridden || missing || expiring ? 'warning' : down ? 'debug-disconnect' : current.source === 'window' ? 'window' : current.source === 'workspace' ? 'root-folder' : 'server-environment';
    this.item.text = `$(${icon}) ${current.name}`;
    this.item.backgroundColor = missing || down || expiring ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;

    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${vscode.l10n.t('Docker context')}: ${current.name}**\n\n`);
    if (context?.host) md.appendMarkdown(`\`${context.host}\`\n\n`);
    md.appendMarkdown(sourceText(snapshot) + '\n\n');
    const note = this.scope && scopeNote(current.source, this.scope);
    if (note) md.appendMarkdown(note + '\n\n');
    if (missing) md.appendMarkdown(`$(warning) ${vscode.l10n.t('No context named "{0}" exists in the store.', current.name)}\n\n`);
    if (tlsExpiry && expiring) appendExpiryMarkdown(md, current.name, tlsExpiry);
    if (ping) {
      appendPingMarkdown(md, ping, this.pings.lastPingedAt(current.name));
      md.appendMarkdown('\n\n');
    }
    md.appendMarkdown(vscode.l10n.t('Click to switch context.'));
    this.item.tooltip = md;
    const state = ping ? (ping.ok ? vscode.l10n.t(', answered {0}', pingSummary(ping)) : vscode.l10n.t(', not reachable: {0}', pingSummary(ping))) : '';
    const label =
      current.source === 'workspace'
        ? vscode.l10n.t('Docker context: {0} (this workspace)', current.name)
        : current.source === 'window'
          ? vscode.l10n.t('Docker context: {0} (this window)', current.name)
          : vscode.l10n.t('Docker context: {0}', current.name);
    this.item.accessibilityInformation = { label: label + state };
    this.item.show();
  }
}

/** Says in words what decided the context in effect. */
export function sourceText(snapshot: ContextsSnapshot): string {
  const { current } = snapshot;
  switch (current.source) {
    case 'DOCKER_HOST':
      return current.overridden
        ? vscode.l10n.t('$(warning) DOCKER_HOST is set, so "default" is used instead of "{0}".', current.overridden)
        : vscode.l10n.t('Chosen by DOCKER_HOST.');
    case 'workspace':
      return current.overridden
        ? vscode.l10n.t('$(root-folder) Chosen for this workspace (its terminals get DOCKER_CONTEXT, and it comes back when the folder opens again); elsewhere "{0}" is in effect.', current.overridden)
        : vscode.l10n.t('$(root-folder) Chosen for this workspace (its terminals get DOCKER_CONTEXT, and it comes back when the folder opens again).');
    case 'window':
      return current.overridden
        ? vscode.l10n.t('$(window) Chosen for this window only (its terminals get DOCKER_CONTEXT); elsewhere "{0}" is in effect.', current.overridden)
        : vscode.l10n.t('$(window) Chosen for this window only (its terminals get DOCKER_CONTEXT).');
    case 'DOCKER_CONTEXT':
      return vscode.l10n.t('Chosen by DOCKER_CONTEXT in this window’s environment.');
    case 'config':
      return vscode.l10n.t('Chosen with “docker context use” (config.json).');
    case 'default':
      return vscode.l10n.t('No context chosen: the docker CLI uses "default".');
  }
}
