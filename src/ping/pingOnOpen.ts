import * as vscode from 'vscode';
import { ContextsModel } from '../contextsModel';
import { Logger } from '../logger';
import { readSettings } from '../settings';
import { PingService } from './pingService';

/** Above this many contexts, opening the view pings nothing by itself (Ping All still does). */
export const PING_ON_OPEN_LIMIT = 50;

/** A result older than this is pinged again the next time the view opens or the store changes. */
export const STALE_AFTER_MS = 5 * 60 * 1000;

/** Whether a context pinged at `pingedAt` (undefined: never) should be pinged again at `now`. */
export function needsPing(pingedAt: number | undefined, now: number): boolean {
  return pingedAt === undefined || now - pingedAt > STALE_AFTER_MS;
}

/**
 * Reachability at a glance: while the Contexts view is visible, every context whose reachability
 * is not known yet, or was last checked over five minutes ago, is pinged, asking nothing (an
 * untrusted host key or a locked key shows as such until the person pings that row). Runs when the
 * view opens and when the store changes; there is no timer, so a view left open polls nothing.
 */
export function pingUnknownWhileVisible(view: vscode.TreeView<unknown>, model: ContextsModel, pings: PingService, logger: Logger): vscode.Disposable {
  let toldLimit = false;
  const run = async () => {
    if (!view.visible || !readSettings().pingOnOpen) return;
    const { contexts } = (await model.snapshot()).listing;
    if (contexts.length > PING_ON_OPEN_LIMIT) {
      if (!toldLimit) logger.info('ping', `${contexts.length} contexts: not pinging them all when the view opens (limit ${PING_ON_OPEN_LIMIT}); use Ping All`);
      toldLimit = true;
      return;
    }
    const now = Date.now();
    const unknown = contexts.filter((c) => needsPing(pings.lastPingedAt(c.name), now));
    // Asking nothing, these join any background ping of the same context already under way.
    if (unknown.length) await pings.pingAll(unknown);
  };
  const go = () => void run().catch((e: unknown) => logger.error('ping', String(e)));
  go();
  return vscode.Disposable.from(
    view.onDidChangeVisibility(go),
    model.onDidChange(go),
  );
}
