import { closeAllWorkbenches } from './workbench';

/**
 * Mocha root hooks for the browser tier: after the last suite, close every workbench still open,
 * including one whose `before` timed out half way (its suite's `after` never got a handle on it).
 */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await closeAllWorkbenches();
  },
};
