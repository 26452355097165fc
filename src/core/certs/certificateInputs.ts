import { isIP } from 'net';
import { KEY_SIZES, RsaKeySize } from './keyPool';
import * as l10n from '@vscode/l10n';

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
  if (r.days !== undefined && (!Number.isInteger(r.days) || r.days < 1 || r.days > 36500)) problems.push(l10n.t('The validity must be a whole number of days from 1 to 36500.'));
  if (r.keySize !== undefined && !KEY_SIZES.includes(r.keySize)) problems.push(l10n.t('The key size must be 2048, 3072 or 4096 bits.'));
  if (r.clientName !== undefined && !r.clientName.trim()) problems.push(l10n.t('The client certificate needs a common name.'));
  return problems;
}
