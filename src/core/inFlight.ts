/**
 * Work that callers with the same key share while it is under way: the second caller joins the
 * first one's promise instead of starting its own, and the key is free again once it settles.
 */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  join(key: string, run: () => Promise<T>): Promise<T> {
    let promise = this.pending.get(key);
    if (!promise) {
      promise = run().finally(() => this.pending.delete(key));
      this.pending.set(key, promise);
    }
    return promise;
  }
}
