import type * as http from 'http';

/**
 * Closes a kept-alive connection `idleMs` after its last use, but never under a request: when the
 * time runs out while a request is under way (or a connection is still being opened, which with a
 * prompt may take longer than the idle time), it waits until the connection is free again and then
 * for the idle time. One mechanism for both SSH clients' pools.
 */
export class IdleClose {
  private timer: NodeJS.Timeout | undefined;
  private waitsForFree = false;
  private ended = false;
  private lastUse = 0;

  constructor(
    private readonly idleMs: number,
    private readonly busy: () => boolean,
    private readonly close: () => void,
  ) {}

  /** The connection was handed out for a request: the idle time starts again. */
  touch(): void {
    this.lastUse = Date.now();
    this.arm(this.idleMs);
  }

  /** A connection became free or ended: the idle time starts now if it was waiting for that. */
  released(): void {
    if (this.waitsForFree) this.arm(this.idleMs);
  }

  dispose(): void {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private arm(ms: number): void {
    if (this.ended) return;
    if (this.timer) clearTimeout(this.timer);
    this.waitsForFree = false;
    this.timer = setTimeout(() => {
      // Handed out a moment ago: its request may not be on the agent yet, so the agent looks idle.
      const since = Date.now() - this.lastUse;
      if (since < HANDED_OUT_GRACE_MS) this.arm(HANDED_OUT_GRACE_MS - since);
      else if (this.busy()) this.waitsForFree = true;
      else this.close();
    }, ms);
    this.timer.unref();
  }
}

/** How long a connection just handed out counts as in use even before its request reaches the agent. */
const HANDED_OUT_GRACE_MS = 1000;

/** Whether an HTTP agent has a request under way or waiting, or `starting` connections being opened. */
export function agentBusy(agent: http.Agent, starting = 0): boolean {
  const a = agent as http.Agent & { sockets: NodeJS.ReadOnlyDict<unknown[]>; requests: NodeJS.ReadOnlyDict<unknown[]> };
  const count = (d: NodeJS.ReadOnlyDict<unknown[]>) => Object.values(d).reduce((n, list) => n + (list?.length ?? 0), 0);
  return starting > 0 || count(a.sockets) > 0 || count(a.requests) > 0;
}
