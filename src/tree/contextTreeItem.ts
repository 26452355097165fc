import { usesTls } from '../core/ping/pingContext';
import * as vscode from 'vscode';
import { Transport, endpointTransport } from '../core/endpoint';
import { PingResult } from '../core/ping/pingTypes';
import { appendPingMarkdown, pingSummary } from '../ping/pingText';
import { expiryState } from '../core/tls/tlsExpiry';
import { markdownText } from '../markdownText';
import { readSettings } from '../settings';
import { RowKinds } from '../constants/contextKeys';
import { appendExpiryMarkdown } from '../tooltips/expiryText';
import { BrokenNode, ContextNode, ContextsNode } from './contextNodes';
import { EngineInfoResult } from '../core/engine/engineDetails';
import { appendEngineMarkdown } from './engineTreeItem';

const TRANSPORT_ICONS: Record<Transport, string> = {
  unix: 'vm',
  npipe: 'vm',
  tcp: 'globe',
  ssh: 'remote',
  unknown: 'question',
};

/**
 * The row of a node, with the last ping result of its context and when it came, if any, whether a
 * ping is under way, and the last details of its engine, if fetched. A context's row expands to
 * its engine's details.
 */
export function treeItemFor(node: ContextsNode, ping?: PingResult, checkedAt?: number, pinging = false, engine?: EngineInfoResult): vscode.TreeItem {
  return node.kind === 'context' ? contextItem(node, ping, checkedAt, pinging, engine) : brokenItem(node);
}

function contextItem(node: ContextNode, ping: PingResult | undefined, checkedAt: number | undefined, pinging: boolean, engine: EngineInfoResult | undefined): vscode.TreeItem {
  const { context } = node;
  const item = new vscode.TreeItem(context.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const transport = endpointTransport(context.host);
  const secure = transport === 'tcp' && context.tls.ca !== undefined;
  const host = context.host || vscode.l10n.t('no Docker endpoint');
  item.description = ping ? `${pingSummary(ping)} — ${host}` : host;
  const expiry = node.expiry ? expiryState(node.expiry, readSettings().expiryWarningDays) : undefined;
  item.iconPath =
    expiry?.state === 'expired' && !ping?.ok
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
      : expiry?.state === 'soon' && ping?.ok !== false
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'))
        : iconFor(node.current, ping, secure ? 'lock' : TRANSPORT_ICONS[transport]);
  if (pinging) item.iconPath = new vscode.ThemeIcon('loading~spin');
  if (expiry?.state === 'expired') item.description = `${vscode.l10n.t('certificate expired')} — ${String(item.description)}`;
  else if (expiry?.state === 'soon') item.description = `${vscode.l10n.t('certificate expires {0}', expiry.date!.toISOString().slice(0, 10))} — ${String(item.description)}`;
  const reachedBy = transport === 'ssh' ? '.ssh' : transport === 'tcp' && usesTls(context) ? '.tls' : '';
  item.contextValue = (node.current ? RowKinds.current : context.isDefault ? RowKinds.default : RowKinds.context) + reachedBy;
  item.tooltip = contextTooltip(node, ping, checkedAt, undefined, engine);
  const label = node.current ? vscode.l10n.t('{0}, current context, {1}', context.name, String(item.description)) : vscode.l10n.t('{0}, {1}', context.name, String(item.description));
  item.accessibilityInformation = { label: pinging ? vscode.l10n.t('{0}, pinging', label) : label };
  return item;
}

/** The row's icon: green when it answered, red when it did not, the transport's own before any ping. */
function iconFor(current: boolean, ping: PingResult | undefined, transportIcon: string): vscode.ThemeIcon {
  if (!ping) return current ? new vscode.ThemeIcon('pass-filled') : new vscode.ThemeIcon(transportIcon);
  if (ping.ok) return new vscode.ThemeIcon(current ? 'pass-filled' : transportIcon, new vscode.ThemeColor(ping.insecure ? 'charts.yellow' : 'charts.green'));
  return new vscode.ThemeIcon(current ? 'error' : 'debug-disconnect', new vscode.ThemeColor('errorForeground'));
}

/** The row's hover; `sshRoute` says where ssh really connects, for an ssh:// context; `engine` adds what its engine is and its warnings. */
export function contextTooltip(node: ContextNode, ping: PingResult | undefined, checkedAt: number | undefined, sshRoute?: string, engine?: EngineInfoResult): vscode.MarkdownString {
  const { context } = node;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${markdownText(context.name)}**`);
  if (node.current) md.appendMarkdown(` — ${vscode.l10n.t('current context')}`);
  md.appendMarkdown('\n\n');
  if (context.description) md.appendMarkdown(`${markdownText(context.description)}\n\n`);
  md.appendMarkdown(`${vscode.l10n.t('Endpoint')}: \`${context.host || '—'}\`\n\n`);
  if (sshRoute) md.appendMarkdown(`${vscode.l10n.t('ssh connects to')}: ${markdownText(sshRoute)}\n\n`);
  const tlsFiles = (['ca', 'cert', 'key'] as const).filter((k) => context.tls[k]);
  if (tlsFiles.length > 0) md.appendMarkdown(`${vscode.l10n.t('TLS material')}: ${tlsFiles.join(', ')}\n\n`);
  if (context.skipTlsVerify) {
    md.appendMarkdown(`$(warning) ${vscode.l10n.t('TLS verification is off: the engine’s certificate is not checked.')}\n\n`);
  }
  if (context.isDefault) md.appendMarkdown(vscode.l10n.t('Made from DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH; never stored.') + '\n\n');
  if (node.expiry) appendExpiryMarkdown(md, context.name, node.expiry);
  if (ping) {
    md.appendMarkdown('---\n\n');
    appendPingMarkdown(md, ping, checkedAt);
  }
  if (engine?.ok) {
    md.appendMarkdown('\n\n---\n\n');
    appendEngineMarkdown(md, engine);
  }
  return md;
}

function brokenItem(node: BrokenNode): vscode.TreeItem {
  const { entry } = node;
  const item = new vscode.TreeItem(entry.name ?? entry.dirName.slice(0, 12), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = vscode.l10n.t('damaged entry');
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  item.contextValue = RowKinds.broken;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`$(error) ${markdownText(entry.error)}\n\n`);
  md.appendMarkdown(vscode.l10n.t('Fix or remove {0}; the other contexts are not affected.', `\`${entry.metaFile}\``));
  item.tooltip = md;
  return item;
}
