import { WatchSample } from './contextHealth';

/** Bars from the lowest to the highest latency. */
const BARS = '▁▂▃▄▅▆▇█';

/** A failed heartbeat in the line. */
export const FAILURE_MARK = '✕';

/** A context's recent heartbeats in a few characters and numbers. */
export interface LatencySummary {
  /** One character per heartbeat, oldest first: a bar scaled to the highest latency, ✕ for a failure. */
  readonly line: string;
  readonly count: number;
  readonly failures: number;
  /** Of the answered heartbeats (absent when none answered), in whole milliseconds. */
  readonly minMs?: number;
  readonly medianMs?: number;
  readonly maxMs?: number;
}

/** The latency line and its numbers for `samples`. */
export function summarizeLatency(samples: readonly WatchSample[]): LatencySummary {
  const latencies = samples.flatMap((s) => (s.ok ? [s.latencyMs] : []));
  const max = latencies.length ? Math.max(...latencies) : 0;
  const line = samples.map((s) => (s.ok ? bar(s.latencyMs, max) : FAILURE_MARK)).join('');
  const base = { line, count: samples.length, failures: samples.length - latencies.length };
  if (!latencies.length) return base;
  const sorted = [...latencies].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { ...base, minMs: Math.round(sorted[0]), medianMs: Math.round(median), maxMs: Math.round(max) };
}

/** The bar for `latencyMs` when `maxMs` is the highest: the highest gets the full block, anything above zero at least the lowest. */
function bar(latencyMs: number, maxMs: number): string {
  if (maxMs <= 0) return BARS[0];
  const level = Math.min(BARS.length, Math.max(1, Math.ceil((latencyMs / maxMs) * BARS.length)));
  return BARS[level - 1];
}
