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

  constructor(
    private readonly idleMs: number,
    private readonly busy: () => boolean,
    private readonly close: () => void,
  ) {}

  /** The connection was used: the idle time starts again. */
  touch(): void {
    if (this.ended) return;
    if (this.timer) clearTimeout(this.timer);
    this.waitsForFree = false;
    this.timer = setTimeout(() => {
      if (this.busy()) this.waitsForFree = true;
      else this.close();
    }, this.idleMs);
    this.timer.unref();
  }

  /** A connection became free or ended: the idle time starts now if it was waiting for that. */
  released(): void {
    if (this.waitsForFree) this.touch();
  }

  dispose(): void {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

/** Whether an HTTP agent has a request under way or waiting, or `starting` connections being opened. */
export function agentBusy(agent: http.Agent, starting = 0): boolean {
  const a = agent as http.Agent & { sockets: NodeJS.ReadOnlyDict<unknown[]>; requests: NodeJS.ReadOnlyDict<unknown[]> };
  const count = (d: NodeJS.ReadOnlyDict<unknown[]>) => Object.values(d).reduce((n, list) => n + (list?.length ?? 0), 0);
  return starting > 0 || count(a.sockets) > 0 || count(a.requests) > 0;
}
