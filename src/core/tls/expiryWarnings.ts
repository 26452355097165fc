import { CERTIFICATE_KINDS, CertificateKind, TlsExpiry } from './tlsExpiry';

const DAY_MS = 86_400_000;

/** The days before its end date at which a certificate warns, farthest first. */
export const WARNING_DAYS = [30, 7, 1] as const;

/** When a warning is due: so many days before the end date, or once the end has passed. */
export type WarningStage = (typeof WARNING_DAYS)[number] | 'expired';

/** One certificate of one context and when it ends. */
export interface CertificateDate {
  readonly context: string;
  readonly which: CertificateKind;
  readonly notAfter: Date;
}

export interface DueWarning extends CertificateDate {
  readonly stage: WarningStage;
  /** Whole days left: 0 on the last day, negative once expired. */
  readonly daysLeft: number;
  /** What remembers that this warning was shown: the context, the certificate, its end date and the stage. */
  readonly key: string;
}

const KEY_PREFIX = 'certificateWarning';

/**
 * The stage a certificate has reached at `now`: expired, or the nearest of 30, 7 and 1 days it is
 * within. Stages beyond `warnDays` do not count (so the setting still rules), and a `warnDays` of
 * 0 turns every warning off.
 */
export function warningStage(notAfter: Date, now: Date, warnDays: number): WarningStage | undefined {
  if (warnDays <= 0) return undefined;
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  let stage: WarningStage | undefined;
  for (const days of WARNING_DAYS) if (days <= warnDays && left < days * DAY_MS) stage = days;
  return stage;
}

/** The memory key of a warning; a renewed certificate (a new end date) has keys of its own. */
export function warningKey(date: CertificateDate, stage: WarningStage): string {
  return [KEY_PREFIX, encodeURIComponent(date.context), date.which, date.notAfter.toISOString(), String(stage)].join('/');
}

/** What a warning key names, or undefined for any other key. */
export function parseWarningKey(key: string): (CertificateDate & { readonly stage: WarningStage }) | undefined {
  const parts = key.split('/');
  if (parts.length !== 5 || parts[0] !== KEY_PREFIX) return undefined;
  const [, context, which, notAfter, stage] = parts;
  const date = new Date(notAfter);
  const stages: readonly string[] = [...WARNING_DAYS.map(String), 'expired'];
  if (!(CERTIFICATE_KINDS as readonly string[]).includes(which) || Number.isNaN(date.getTime()) || !stages.includes(stage)) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(context);
  } catch {
    return undefined;
  }
  return { context: name, which: which as CertificateKind, notAfter: date, stage: stage === 'expired' ? 'expired' : (Number(stage) as WarningStage) };
}

/** Every certificate date of the given contexts (all of them when `names` is left out). */
export function certificateDates(expiry: Readonly<Record<string, TlsExpiry>>, names?: readonly string[]): CertificateDate[] {
  const wanted = names ?? Object.keys(expiry);
  return wanted.flatMap((context) => {
    const dates = Object.prototype.hasOwnProperty.call(expiry, context) ? expiry[context] : undefined;
    return CERTIFICATE_KINDS.flatMap((which) => {
      const notAfter = dates?.[which];
      return notAfter ? [{ context, which, notAfter }] : [];
    });
  });
}

/**
 * The warnings to show now: for each certificate, the stage it has reached unless that stage was
 * shown already. A certificate first seen 5 days before its end warns once, for 7 days; the 30-day
 * warning it skipped is not shown after it.
 */
export function dueWarnings(dates: readonly CertificateDate[], options: { readonly now: Date; readonly warnDays: number; readonly shown: (key: string) => boolean }): DueWarning[] {
  return dates.flatMap((date) => {
    const stage = warningStage(date.notAfter, options.now, options.warnDays);
    if (stage === undefined) return [];
    const key = warningKey(date, stage);
    if (options.shown(key)) return [];
    const daysLeft = Math.floor((date.notAfter.getTime() - options.now.getTime()) / DAY_MS);
    return [{ ...date, stage, daysLeft, key }];
  });
}

/** The remembered keys of certificates that have since been replaced (same context and certificate, another end date). */
export function supersededWarningKeys(keys: readonly string[], current: readonly CertificateDate[]): string[] {
  const now = new Map(current.map((d) => [`${d.context}\0${d.which}`, d.notAfter.getTime()]));
  return keys.filter((key) => {
    const named = parseWarningKey(key);
    if (!named) return false;
    const end = now.get(`${named.context}\0${named.which}`);
    return end !== undefined && end !== named.notAfter.getTime();
  });
}
