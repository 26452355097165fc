import * as vscode from 'vscode';
import { RowKinds } from '../constants/contextKeys';
import { EngineInfoResult } from '../core/engine/engineDetails';
import { EngineLineKind, engineHeadline, shortWarning } from '../core/engine/engineSummary';
import { markdownText } from '../markdownText';
import { EngineNode } from './contextNodes';

const LINE_ICONS: Record<Exclude<EngineLineKind, 'warning'>, string> = {
  server: 'server',
  os: 'vm',
  kernel: 'gear',
  resources: 'dashboard',
  containers: 'package',
  images: 'layers',
  storage: 'database',
  rootless: 'person',
  security: 'shield',
  swarm: 'organization',
};

/** The row of a line of an engine's details: `Server  20.10.24 · API 1.41`; a warning of the engine; or why there are no details. */
export function engineItem(node: EngineNode): vscode.TreeItem {
  if (node.failure) {
    const item = new vscode.TreeItem(node.failure.message, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = RowKinds.engineFailure;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`$(error) ${vscode.l10n.t('No engine details')}: ${markdownText(node.failure.message)}\n\n`);
    if (node.failure.hint) md.appendMarkdown(`$(lightbulb) ${markdownText(node.failure.hint)}\n`);
    item.tooltip = md;
    item.accessibilityInformation = { label: vscode.l10n.t('No engine details: {0} {1}', node.failure.message, node.failure.hint) };
    return item;
  }
  const line = node.line!;
  const item = new vscode.TreeItem(line.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  if (line.kind === 'warning') {
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'));
    item.contextValue = RowKinds.engineWarning;
    item.tooltip = warningTooltip(line.detail ?? line.label);
    item.accessibilityInformation = { label: vscode.l10n.t('Engine warning: {0}', line.detail ?? line.label) };
    return item;
  }
  item.description = line.value;
  item.iconPath = new vscode.ThemeIcon(LINE_ICONS[line.kind]);
  item.contextValue = RowKinds.engineDetail;
  item.tooltip = line.detail ? `${line.label}: ${line.value}\n${line.detail}` : `${line.label}: ${line.value}`;
  item.accessibilityInformation = { label: vscode.l10n.t('{0}: {1}', line.label, line.value) };
  return item;
}

function warningTooltip(warning: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`$(warning) ${vscode.l10n.t('The engine warns')}:\n\n${markdownText(warning)}`);
  return md;
}

/** The section of a context row's hover about its engine, when its details were fetched: what it is, and its warnings. */
export function appendEngineMarkdown(md: vscode.MarkdownString, engine: EngineInfoResult): void {
  if (!engine.ok) return;
  md.appendMarkdown(`$(server) ${markdownText(engineHeadline(engine))}\n\n`);
  for (const w of engine.warnings) md.appendMarkdown(`$(warning) ${vscode.l10n.t('The engine warns: {0}', markdownText(shortWarning(w)))}\n\n`);
}
