import { FAILURES_FOR_DOWN } from './contextHealth';

/** Each delay is shortened by up to this share, at random: schedules drift apart, and never exceed the interval. */
export const JITTER = 0.1;

/** After a first failure, the confirming heartbeat comes within this (or the interval, if shorter). */
export const CONFIRM_AFTER_MS = 10_000;

/** A host that stays down is asked at most every interval × this… */
export const MAX_BACKOFF_FACTOR = 8;

/** …and the backoff stops growing at 10 minutes (an interval longer than that is kept as it is). */
export const MAX_BACKOFF_MS = 10 * 60_000;

/** At start, contexts take their first heartbeat at random within this (or the interval, if shorter). */
export const START_SPREAD_MS = 10_000;

/** When the window regains focus, the contexts that fell due meanwhile are pinged at random within this. */
export const RESUME_SPREAD_MS = 3_000;

/** A random number in [0, 1), as Math.random gives. */
export type Random = () => number;

/** `ms` shortened by up to JITTER at random. */
export function jittered(ms: number, random: Random): number {
  return ms * (1 - JITTER * random());
}

/**
 * How long after a heartbeat the next one comes, given the failures in a row so far:
 * none: the interval; one (not down yet): soon, to confirm; two or more (down): the interval
 * doubled for each failure after the first, up to ×8, and never beyond 10 minutes unless the
 * interval itself is longer. Then jittered.
 */
export function nextDelay(intervalMs: number, failuresInARow: number, random: Random): number {
  return jittered(baseDelay(intervalMs, failuresInARow), random);
}

/** The delay before jitter. */
export function baseDelay(intervalMs: number, failuresInARow: number): number {
  if (failuresInARow <= 0) return intervalMs;
  if (failuresInARow < FAILURES_FOR_DOWN) return Math.min(intervalMs, CONFIRM_AFTER_MS);
  const factor = Math.min(MAX_BACKOFF_FACTOR, 2 ** (failuresInARow - FAILURES_FOR_DOWN + 1));
  return Math.min(intervalMs * factor, Math.max(intervalMs, MAX_BACKOFF_MS));
}

/** When a newly watched context takes its first heartbeat. */
export function startDelay(intervalMs: number, random: Random): number {
  return random() * Math.min(intervalMs, START_SPREAD_MS);
}

/** When a context that fell due while the window had no focus is pinged after it regains focus. */
export function resumeDelay(intervalMs: number, random: Random): number {
  return random() * Math.min(intervalMs, RESUME_SPREAD_MS);
}
