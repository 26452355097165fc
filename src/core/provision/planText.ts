import * as l10n from '@vscode/l10n';
import { SecurePlan } from './securePlan';

/** The keys daemon.json gains, loses or changes, one line each (`+ "tlsverify": true`). */
export function daemonJsonChanges(before: string | undefined, after: string): string[] {
  const parse = (text: string | undefined): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(text ?? '{}');
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const a = parse(before);
  const b = parse(after);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(b)) {
    if (!(k in a)) lines.push(`+ "${k}": ${JSON.stringify(v)}`);
    else if (JSON.stringify(a[k]) !== JSON.stringify(v)) lines.push(`~ "${k}": ${JSON.stringify(a[k])} → ${JSON.stringify(v)}`);
  }
  for (const k of Object.keys(a)) if (!(k in b)) lines.push(`- "${k}"`);
  return lines;
}

/** The plan in plain text, for the confirmation and the log: what changes where, and what it does to the engine. */
export function planText(plan: SecurePlan): string {
  const runAs = { user: l10n.t('as {0}', plan.where), root: l10n.t('as root'), sudo: l10n.t('through sudo'), 'sudo-password': l10n.t('through sudo (it will ask for the password)') }[plan.runAs];
  const kept = Object.keys(safeParse(plan.daemonJson.before)).length;
  return [
    l10n.t('Host: {0} ({1}{2}), engine started by {3}, changed {4}.', plan.where, plan.os, plan.engineVersion ? `, Docker ${plan.engineVersion}` : '', plan.manager, runAs),
    '',
    l10n.t('Files to upload (folder {0}, 0700):', plan.tlsDir),
    ...plan.files.map((f) => `  ${f.path}  ${f.mode}  ${f.owner}`),
    l10n.t('The CA key stays on this machine.'),
    '',
    plan.daemonJson.before === undefined ? l10n.t('{0} (new):', plan.daemonJson.path) : l10n.t('{0} (its {1} keys are kept):', plan.daemonJson.path, String(kept)),
    ...daemonJsonChanges(plan.daemonJson.before, plan.daemonJson.after).map((l) => `  ${l}`),
    ...(plan.dropIn ? ['', l10n.t('systemd drop-in {0}:', plan.dropIn.path), ...plan.dropIn.text.trim().split('\n').map((l) => `  ${l}`)] : []),
    '',
    l10n.t('Then: {0}. The replaced files are kept in {1}.', plan.restart, plan.backupDir),
    ...plan.notes,
    l10n.t('The engine is checked from here over TLS ({0}) before the change is kept; otherwise everything is restored.', plan.endpoint),
    l10n.t('Server certificate names: {0}', [...plan.hostnames, ...plan.ips].join(', ')),
  ].join('\n');
}

function safeParse(text: string | undefined): object {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return value !== null && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}
