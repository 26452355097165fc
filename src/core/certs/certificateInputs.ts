import { isIP } from 'net';
import * as l10n from '@vscode/l10n';
import { ArgumentError, Schema, accepts, check, listOf, nonEmptyText, oneOf, optional, record, satisfying, text, wholeNumber } from '../validation/schema';
import { ipAddressBytes } from './asn1Names';
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
  const zone = ip.indexOf('%');
  if (zone >= 0 && isIP(ip)) {
    return l10n.t('"{0}" has a zone ({1}): an address in a certificate has none. Give {2} without it.', ip, ip.slice(zone), ip.slice(0, zone));
  }
  return ipAddressBytes(ip) ? undefined : l10n.t('"{0}" is not an IPv4 or IPv6 address.', ip);
}

/** RFC 5280's upper bound for a common name (ub-common-name), which OpenSSL also enforces. */
export const COMMON_NAME_MAX = 64;

/** Why `name` cannot be a certificate's common name, or undefined. */
export function commonNameProblem(name: string): string | undefined {
  if (!name.trim()) return l10n.t('It is empty.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return l10n.t('It holds a control character (a line break, a tab, a NUL…).');
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) return l10n.t('It holds a broken Unicode character.');
  if ([...name].length > COMMON_NAME_MAX) return l10n.t('It is longer than {0} characters.', COMMON_NAME_MAX);
  return undefined;
}

/** How long a certificate may be valid, in days: the generator's, the wizard's and the commands' limit. */
export const VALIDITY_DAYS = { min: 1, max: 36500, default: 365 } as const;

/** The rules every certificate input follows, wherever it comes from (a wizard, a command's argument). */
export const certificateRules = {
  days: wholeNumber(VALIDITY_DAYS.min, VALIDITY_DAYS.max),
  keySize: oneOf<RsaKeySize>(KEY_SIZES),
  hostname: satisfying(text(), () => l10n.t('a DNS name'), hostnameProblem),
  ip: satisfying(text(), () => l10n.t('an IPv4 or IPv6 address'), ipProblem),
  commonName: satisfying(nonEmptyText(), () => l10n.t('a common name of 1 to {0} characters', COMMON_NAME_MAX), commonNameProblem),
} satisfies Record<string, Schema<unknown>>;

/** A whole request, as the generator takes it from any caller. */
export const certificateRequest = record<CertificateRequest>({
  hostnames: listOf(certificateRules.hostname),
  ips: listOf(certificateRules.ip),
  days: certificateRules.days,
  keySize: certificateRules.keySize,
  caPassphrase: optional(text()),
  clientName: certificateRules.commonName,
});

/**
 * The request, read with the generator's rules: an ArgumentError names the field at fault
 * (`ips[0]`, `days`) whatever the caller passed, a value of the wrong type included.
 */
export function checkRequest(request: unknown): CertificateRequest {
  const r = check(certificateRequest, request, l10n.t('The certificate request'));
  if (r.hostnames.length + r.ips.length === 0) {
    const message = l10n.t('Give at least one DNS name or IP address of the Docker host.');
    throw new ArgumentError(message, 'hostnames', l10n.t('at least one DNS name or IP address'));
  }
  return r;
}

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

/** Every problem with a request as a wizard gathers it, in words; empty when it can be issued. The rules are `certificateRules`. */
export function requestProblems(r: Partial<CertificateRequest>): string[] {
  const problems: (string | undefined)[] = [];
  if ((r.hostnames ?? []).length + (r.ips ?? []).length === 0) problems.push(l10n.t('Give at least one DNS name or IP address of the Docker host.'));
  problems.push(...(r.hostnames ?? []).map(hostnameProblem), ...(r.ips ?? []).map(ipProblem));
  if (r.days !== undefined) problems.push(daysProblem(r.days));
  if (r.keySize !== undefined && !accepts(certificateRules.keySize, r.keySize)) problems.push(l10n.t('The key size must be {0} bits.', certificateRules.keySize.describe()));
  if (r.clientName !== undefined) problems.push(commonNameProblem(r.clientName));
  return problems.filter((p): p is string => p !== undefined);
}
