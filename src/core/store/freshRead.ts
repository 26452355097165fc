/**
 * Shares reads of something that changes (the store), with one promise: whatever a call returns
 * comes from a read that started after the call. A call while a read is under way does not get that
 * read (it may have started before the caller's own write); it gets the next one, which all such
 * calls share, so a burst of calls costs at most two reads.
 */
export class FreshRead<T> {
  private running: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  run(): Promise<T> {
    if (!this.running) {
      const started = this.read();
      this.running = started;
      const clear = () => {
        if (this.running === started) this.running = undefined;
      };
      started.then(clear, clear);
      return started;
    }
    this.queued ??= this.running.then(
      () => this.next(),
      () => this.next(),
    );
    return this.queued;
  }

  /** Any read: the one under way if there is one (for a caller that wrote nothing and wants a result soon), else a new one. */
  any(): Promise<T> {
    return this.running ?? this.run();
  }

  private next(): Promise<T> {
    this.queued = undefined;
    return this.run();
  }
}
