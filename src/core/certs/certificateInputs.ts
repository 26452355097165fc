import { isIP } from 'net';
import * as l10n from '@vscode/l10n';
import { Schema, accepts, nonEmptyText, oneOf, satisfying, text, wholeNumber } from '../validation/schema';
import { KEY_SIZES, RsaKeySize } from './keyPool';

/** What a certificate set is made for. */
export interface CertificateRequest {
  /** The daemon's DNS names (the first one also names the server certificate). */
  readonly hostnames: readonly string[];
  readonly ips: readonly string[];
  readonly days: number;
  readonly keySize: RsaKeySize;
  /** Encrypts the new CA key (PKCS#8, AES-256) when given. */
  readonly caPassphrase?: string;
  /** The client certificate's common name. */
  readonly clientName: string;
}

const DNS_NAME = /^(?=.{1,253}$)(\*\.)?([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why `name` is not a DNS name a certificate can carry, or undefined. */
export function hostnameProblem(name: string): string | undefined {
  if (isIP(name)) return l10n.t('{0} is an IP address: list it among the IP addresses.', name);
  return DNS_NAME.test(name) ? undefined : l10n.t('"{0}" is not a valid DNS name.', name);
}

export function ipProblem(ip: string): string | undefined {
  return isIP(ip) ? undefined : l10n.t('"{0}" is not an IPv4 or IPv6 address.', ip);
}

/** How long a certificate may be valid, in days: the generator's, the wizard's and the commands' limit. */
export const VALIDITY_DAYS = { min: 1, max: 36500, default: 365 } as const;

/** The rules every certificate input follows, wherever it comes from (a wizard, a command's argument). */
export const certificateRules = {
  days: wholeNumber(VALIDITY_DAYS.min, VALIDITY_DAYS.max),
  keySize: oneOf<RsaKeySize>(KEY_SIZES),
  hostname: satisfying(text(), () => l10n.t('a DNS name'), hostnameProblem),
  ip: satisfying(text(), () => l10n.t('an IPv4 or IPv6 address'), ipProblem),
  commonName: nonEmptyText(() => l10n.t('a common name (not empty)')),
} satisfies Record<string, Schema<unknown>>;

/** A whole number typed as digits, or NaN (which no rule takes). */
export function wholeNumberText(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
}

/** Why `days` is not a validity the generator takes, or undefined. */
export function daysProblem(days: unknown): string | undefined {
  return accepts(certificateRules.days, days) ? undefined : l10n.t('The validity must be {0} of days.', certificateRules.days.describe());
}

/** Splits a comma or space separated list as a person types it. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every problem with a request, in words; empty when it can be issued. */
export function requestProblems(r: Partial<CertificateRequest>): string[] {
  const problems: string[] = [];
  const hosts = r.hostnames ?? [];
  const ips = r.ips ?? [];
  if (hosts.length + ips.length === 0) problems.push(l10n.t('Give at least one DNS name or IP address of the Docker host.'));
  for (const h of hosts) {
    const p = hostnameProblem(h);
    if (p) problems.push(p);
  }
  for (const ip of ips) {
    const p = ipProblem(ip);
    if (p) problems.push(p);
  }
  const days = r.days === undefined ? undefined : daysProblem(r.days);
  if (days) problems.push(days);
  if (r.keySize !== undefined && !accepts(certificateRules.keySize, r.keySize)) problems.push(l10n.t('The key size must be {0} bits.', certificateRules.keySize.describe()));
  if (r.clientName !== undefined && !accepts(certificateRules.commonName, r.clientName)) problems.push(l10n.t('The client certificate needs a common name.'));
  return problems;
}
