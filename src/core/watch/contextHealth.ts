/** One heartbeat of a watched context: when it ended, and its latency or why it failed. */
export type WatchSample =
  | { readonly at: number; readonly ok: true; readonly latencyMs: number }
  | { readonly at: number; readonly ok: false; readonly latencyMs: number; readonly kind: string };

/** What the watch believes of an engine: nothing yet, answering, or down. */
export type Health = 'unknown' | 'up' | 'down';

/** A change worth telling the person about. */
export type Transition = 'down' | 'up';

/** How many heartbeats a context's history keeps (the tooltip's latency line). */
export const HISTORY_SIZE = 30;

/**
 * How many failed heartbeats in a row make an engine down: one lost packet or a restart that
 * takes a second is not worth a notification; the second failure comes soon after the first
 * (see `nextDelay`), so a real outage is still told within seconds.
 */
export const FAILURES_FOR_DOWN = 2;

/**
 * The health of one watched context, from its heartbeats: the first result only sets the
 * baseline (an engine that answers at start says nothing; one that fails twice at start is
 * down, once), then exactly one transition per change of state: up → down after
 * FAILURES_FOR_DOWN failures in a row, down → up on the first answer.
 */
export class ContextHealth {
  private state: Health = 'unknown';
  private failuresInARow = 0;
  private readonly samples: WatchSample[] = [];

  get health(): Health {
    return this.state;
  }

  /** Failed heartbeats since the last answer. */
  get consecutiveFailures(): number {
    return this.failuresInARow;
  }

  /** The last HISTORY_SIZE heartbeats, oldest first. */
  get history(): readonly WatchSample[] {
    return this.samples;
  }

  /** Takes a heartbeat's result; returns the transition it makes, if any. */
  record(sample: WatchSample): Transition | undefined {
    this.samples.push(sample);
    if (this.samples.length > HISTORY_SIZE) this.samples.splice(0, this.samples.length - HISTORY_SIZE);
    if (sample.ok) {
      this.failuresInARow = 0;
      const was = this.state;
      this.state = 'up';
      return was === 'down' ? 'up' : undefined;
    }
    this.failuresInARow++;
    if (this.failuresInARow < FAILURES_FOR_DOWN || this.state === 'down') return undefined;
    this.state = 'down';
    return 'down';
  }
}
