import * as vscode from 'vscode';
import { PingResult } from '../core/ping/pingTypes';
import { markdownText } from '../markdownText';

/** The short form beside a context: `12 ms · API 1.41 · linux`, or the failure in a few words. */
export function pingSummary(r: PingResult): string {
  if (r.ok) {
    const parts = [`${Math.round(r.latencyMs)} ms`];
    if (r.apiVersion) parts.push(`API ${r.apiVersion}`);
    if (r.osType) parts.push(r.osType);
    if (r.insecure) parts.push(vscode.l10n.t('TLS unverified'));
    return parts.join(' · ');
  }
  return failureLabel(r);
}

/** Why a context created with `test: true` was not saved: the ping's message and hint. */
export function notCreatedMessage(name: string, host: string, r: PingResult): string {
  return vscode.l10n.t('{0} did not answer, so "{1}" was not created: {2} {3}', host, name, r.error?.message ?? '', r.error?.hint ?? '').trim();
}

/** A few words for a failure kind. */
export function failureLabel(r: PingResult): string {
  switch (r.error?.kind) {
    case 'connection-refused':
      return vscode.l10n.t('refused');
    case 'host-not-found':
      return vscode.l10n.t('host not found');
    case 'timeout':
      return vscode.l10n.t('no answer');
    case 'socket-not-found':
      return vscode.l10n.t('no socket');
    case 'permission-denied':
    case 'remote-permission-denied':
      return vscode.l10n.t('permission denied');
    case 'tls-unknown-ca':
      return vscode.l10n.t('unknown CA');
    case 'tls-client-cert-rejected':
      return vscode.l10n.t('client certificate refused');
    case 'tls-hostname-mismatch':
      return vscode.l10n.t('name not in certificate');
    case 'tls-cert-expired':
      return vscode.l10n.t('certificate expired');
    case 'tls-material-missing':
      return vscode.l10n.t('TLS files missing');
    case 'tls-to-plain-port':
      return vscode.l10n.t('port is not TLS');
    case 'http-to-https':
      return vscode.l10n.t('engine wants TLS');
    case 'ssh-auth-failed':
      return vscode.l10n.t('SSH login refused');
    case 'ssh-passphrase-needed':
      return vscode.l10n.t('key needs passphrase');
    case 'ssh-answer-needed':
      return vscode.l10n.t('needs your answer');
    case 'ssh-host-key-unknown':
      return vscode.l10n.t('host key unknown');
    case 'ssh-host-key-changed':
      return vscode.l10n.t('HOST KEY CHANGED');
    case 'ssh-config-invalid':
      return vscode.l10n.t('SSH config error');
    case 'remote-docker-not-found':
      return vscode.l10n.t('no docker on host');
    case 'remote-engine-unreachable':
      return vscode.l10n.t('remote engine down');
    case 'not-docker':
      return vscode.l10n.t('not a Docker engine');
    case 'engine-error':
      return vscode.l10n.t('engine error');
    default:
      return vscode.l10n.t('unreachable');
  }
}

/** The tooltip section of a result: the details, or the error with its hint, and when it came. */
export function appendPingMarkdown(md: vscode.MarkdownString, r: PingResult, checkedAt?: number): void {
  appendResultMarkdown(md, r);
  if (checkedAt !== undefined) md.appendMarkdown(`\n\n${vscode.l10n.t('Checked at {0}', new Date(checkedAt).toLocaleTimeString())}\n`);
}

function appendResultMarkdown(md: vscode.MarkdownString, r: PingResult): void {
  if (r.ok) {
    md.appendMarkdown(`$(pass) ${vscode.l10n.t('Answered in {0} ms', String(Math.round(r.latencyMs)))}\n\n`);
    const rows: Array<[string, string | undefined]> = [
      [vscode.l10n.t('API version'), r.apiVersion],
      [vscode.l10n.t('OS'), r.osType],
      [vscode.l10n.t('Builder'), r.builderVersion],
      [vscode.l10n.t('Swarm'), r.swarm],
      [vscode.l10n.t('Experimental'), r.experimental ? vscode.l10n.t('yes') : undefined],
    ];
    for (const [k, v] of rows) if (v) md.appendMarkdown(`${k}: ${v}  \n`);
    if (r.insecure) md.appendMarkdown(`\n$(warning) ${vscode.l10n.t('TLS verification is off for this context: the engine is not authenticated.')}\n`);
    return;
  }
  md.appendMarkdown(`$(error) ${markdownText(r.error?.message ?? '')}\n\n`);
  if (r.error?.hint) md.appendMarkdown(`$(lightbulb) ${markdownText(r.error.hint)}\n`);
}
