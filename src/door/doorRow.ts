import * as vscode from 'vscode';
import { OpenDoor } from './doorService';

/** Marks the row of a context whose engine is exposed: "exposed" before its description, and the endpoint in its hover. */
export function markExposedRow(item: vscode.TreeItem, door: OpenDoor | undefined): vscode.TreeItem {
  if (!door) return item;
  item.description = `${vscode.l10n.t('exposed')} — ${typeof item.description === 'string' ? item.description : ''}`;
  if (item.accessibilityInformation) item.accessibilityInformation = { label: vscode.l10n.t('{0}, exposed at {1}', item.accessibilityInformation.label, door.endpoint) };
  appendDoorTooltip(item, door);
  return item;
}

/** Adds the door's endpoint to the row's hover (once it is made, for a hover resolved when it opens). */
export function appendDoorTooltip(item: vscode.TreeItem, door: OpenDoor | undefined): void {
  if (!door || !(item.tooltip instanceof vscode.MarkdownString)) return;
  item.tooltip.appendMarkdown(`\n\n---\n\n$(plug) ${vscode.l10n.t('Exposed locally at {0} ({1} open connections).', `\`${door.endpoint}\``, door.connections)}`);
}
