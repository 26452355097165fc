import { X509Certificate } from 'crypto';
import * as l10n from '@vscode/l10n';
import { TlsFiles } from '../store/types';
import { FILE_LIMITS, readUserFile } from '../userFile';

/** The certificates of a TLS context: its client certificate and CA (files), and the engine's own (from a ping). */
export type CertificateKind = 'client' | 'ca' | 'engine';

export const CERTIFICATE_KINDS: readonly CertificateKind[] = ['client', 'ca', 'engine'];

/** When a TLS context's certificates stop being valid. */
export interface TlsExpiry {
  readonly client?: Date;
  readonly ca?: Date;
  /** The engine's server certificate, as the last ping's TLS handshake presented it. */
  readonly engine?: Date;
}

export type ExpiryState = 'ok' | 'soon' | 'expired';

/**
 * Reads the end dates of a context's cert.pem and ca.pem; a file that is absent, not a regular
 * file (a FIFO in a hostile store), too large or does not parse gives no date.
 */
export async function readTlsExpiry(tls: TlsFiles): Promise<TlsExpiry> {
  const end = async (file: string | undefined): Promise<Date | undefined> => {
    if (!file) return undefined;
    try {
      const pem = await readUserFile(file, { what: l10n.t('certificate'), maxBytes: FILE_LIMITS.caBundle, kind: 'store-unreadable' });
      return new Date(new X509Certificate(pem).validTo);
    } catch {
      return undefined;
    }
  };
  const [client, ca] = await Promise.all([end(tls.cert), end(tls.ca)]);
  return { client, ca };
}

/** How urgent the earliest of the dates is: expired, within `warnDays`, or fine. */
export function expiryState(expiry: TlsExpiry, warnDays: number, now: Date = new Date()): { state: ExpiryState; date?: Date; which?: CertificateKind } {
  const dates = CERTIFICATE_KINDS.filter((k) => expiry[k]).map((k) => ({ which: k, date: expiry[k]! }));
  if (dates.length === 0) return { state: 'ok' };
  const first = dates.reduce((a, b) => (b.date < a.date ? b : a));
  if (first.date <= now) return { state: 'expired', ...first };
  if (first.date.getTime() - now.getTime() < warnDays * 86400000) return { state: 'soon', ...first };
  return { state: 'ok', ...first };
}
