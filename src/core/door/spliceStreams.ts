import type { Duplex } from 'stream';

/**
 * Joins two byte streams both ways until both are done, as a proxy of raw TCP does: what one side
 * sends, the other receives, with backpressure (`pipe`) and no limit on how long or how much. An
 * end is passed on as an end (a half-close), so the other direction keeps flowing: `docker exec
 * -i` and `attach` close their stdin this way and still read the output that follows. A side that
 * fails, or closes before its output has ended, cuts the other too; a side whose end was already
 * passed on first delivers what it still holds. `onClosed` runs once both sides are closed, with
 * the first error if there was one.
 */
export function spliceStreams(a: Duplex, b: Duplex, onClosed: (error?: Error) => void): void {
  let firstError: Error | undefined;
  let closed = 0;
  const fail = (e?: Error) => {
    firstError ??= e;
    cut(a);
    cut(b);
  };
  for (const side of [a, b]) {
    side.on('error', fail);
    side.once('close', () => {
      if (!side.readableEnded) fail();
      if (++closed === 2) onClosed(firstError);
    });
  }
  a.pipe(b);
  b.pipe(a);
}

/** Destroys `s`, or, when its end is under way, lets what it still holds go out first. */
function cut(s: Duplex): void {
  if (s.destroyed) return;
  if (s.writableEnded && !s.writableFinished) {
    s.once('finish', () => s.destroy());
    return;
  }
  s.destroy();
}
