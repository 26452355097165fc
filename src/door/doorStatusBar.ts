import * as vscode from 'vscode';
import { commandLink } from '../commands/typedCommands';
import { Commands } from '../constants/commands';
import { DOOR_STATUS_BAR_ID } from '../constants/contextKeys';
import { Disposable } from '../lifecycle';
import { markdownText } from '../markdownText';
import { DoorService, OpenDoor } from './doorService';

/**
 * The open local doors, in the status bar while there is one: "$(plug) door: NAME" (or how many),
 * a hover with each door's endpoint, its connections and links to open a terminal through it or
 * stop it; a click picks a door to stop, to copy or to open a terminal with.
 */
export class DoorStatusBar extends Disposable {
  readonly item: vscode.StatusBarItem;

  constructor(private readonly doors: DoorService) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem(DOOR_STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 49));
    this.item.name = vscode.l10n.t('Docker Engine Doors');
    this.item.command = { command: Commands.stopExposing, title: vscode.l10n.t('Stop Exposing Engine…') };
    this._register(doors.onDidChange(() => this.update()));
    this._register(doors.onDidChangeConnections(() => this.update()));
    this.update();
  }

  private update(): void {
    const open = this.doors.list();
    if (open.length === 0) {
      this.item.hide();
      return;
    }
    this.item.text = open.length === 1 ? `$(plug) ${vscode.l10n.t('door: {0}', open[0].name)}` : `$(plug) ${vscode.l10n.t('{0} doors', open.length)}`;
    this.item.tooltip = tooltipOf(open);
    this.item.accessibilityInformation = {
      label: open.map((d) => vscode.l10n.t('The engine of {0} is exposed at {1}, {2} connections', d.name, d.endpoint, d.connections)).join('; '),
    };
    this.item.show();
  }
}

function tooltipOf(open: readonly OpenDoor[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [Commands.openExposedTerminal, Commands.stopExposing] };
  md.appendMarkdown(`**${vscode.l10n.t('Engines exposed locally')}**\n\n`);
  for (const d of open) {
    md.appendMarkdown(`$(plug) **${markdownText(d.name)}** — \`${d.endpoint}\`\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('{0} open connections', d.connections)} · `);
    md.appendMarkdown(`[${vscode.l10n.t('Open Terminal')}](${commandLink(Commands.openExposedTerminal, { name: d.name })}) · `);
    md.appendMarkdown(`[${vscode.l10n.t('Stop')}](${commandLink(Commands.stopExposing, { name: d.name })})\n\n`);
  }
  md.appendMarkdown(vscode.l10n.t('Anyone who can open a door can do anything with its engine. Click to stop a door or copy its DOCKER_HOST.'));
  return md;
}
