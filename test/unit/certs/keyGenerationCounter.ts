// The module object itself (an ES import would give a read-only copy of its exports), so that
// the key pool, which calls crypto.generateKeyPair through it, sees the counting wrapper.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = require('crypto') as typeof import('crypto');

/** Counts the RSA key pairs Node's generator is asked for, from now until `restore`. */
export interface KeyGenerationCounter {
  readonly count: number;
  restore(): void;
}

/**
 * Wraps crypto.generateKeyPair (the one generator the key pool uses) so a test can tell keys
 * made ahead of time from keys made on demand.
 */
export function countKeyGeneration(): KeyGenerationCounter {
  const original = crypto.generateKeyPair;
  let count = 0;
  const counting = (...args: unknown[]) => {
    count++;
    return (original as (...a: unknown[]) => void)(...args);
  };
  (crypto as { generateKeyPair: unknown }).generateKeyPair = counting;
  return {
    get count() {
      return count;
    },
    restore: () => ((crypto as { generateKeyPair: unknown }).generateKeyPair = original),
  };
}
