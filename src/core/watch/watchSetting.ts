import { DEFAULT_CONTEXT, contextNameProblem } from '../store/contextName';

/** Which contexts dockerContexts.watch asks to watch. */
export type WatchTargets = { readonly mode: 'off' } | { readonly mode: 'current' } | { readonly mode: 'names'; readonly names: readonly string[] };

/** The setting as read: what to watch, and why a value was not taken (for the log). */
export interface WatchSetting {
  readonly targets: WatchTargets;
  /** Set when the value was wrong and `off` was taken instead. */
  readonly problem?: string;
}

const OFF: WatchTargets = { mode: 'off' };

/**
 * Reads dockerContexts.watch: `"off"` (or nothing, or an empty list), `"current"`, or a list of
 * context names as the docker CLI allows them (`default` included), duplicates dropped. Anything
 * else watches nothing and says why.
 */
export function parseWatchSetting(value: unknown): WatchSetting {
  if (value === undefined || value === null || value === 'off') return { targets: OFF };
  if (value === 'current') return { targets: { mode: 'current' } };
  if (Array.isArray(value)) {
    const names: string[] = [];
    for (const item of value as unknown[]) {
      if (typeof item !== 'string' || (item !== DEFAULT_CONTEXT && contextNameProblem(item) !== undefined)) {
        return { targets: OFF, problem: `dockerContexts.watch lists ${JSON.stringify(item)}, which is not a context name; watching nothing` };
      }
      if (!names.includes(item)) names.push(item);
    }
    return { targets: names.length ? { mode: 'names', names } : OFF };
  }
  return { targets: OFF, problem: `dockerContexts.watch must be "off", "current" or a list of context names, not ${JSON.stringify(value)}; watching nothing` };
}
