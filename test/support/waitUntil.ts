/**
 * Waits for a condition, never for a length of time: polls `probe` until it returns a value
 * other than `undefined` or `false`, and returns that value. Fails after `timeoutMs` with
 * `what` and the last thing the probe saw, so a timeout says what was missing.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs?: number; everyMs?: number; describe?: () => string | Promise<string> } = {},
): Promise<T> {
  const { timeoutMs = 15000, everyMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const seen = options.describe ? await Promise.resolve(options.describe()).catch((e: unknown) => String(e)) : undefined;
      const why = lastError instanceof Error ? lastError.message : lastError !== undefined ? JSON.stringify(lastError) : undefined;
      throw new Error(`Waited ${timeoutMs} ms for ${what}${seen ? `; saw ${seen}` : ''}${why ? ` (${why})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
