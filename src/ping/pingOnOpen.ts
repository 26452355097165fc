import * as vscode from 'vscode';
import { ContextsModel } from '../contextsModel';
import { Logger } from '../logger';
import { readSettings } from '../settings';
import { PingService } from './pingService';

/** Above this many contexts, opening the view pings nothing by itself (Ping All still does). */
export const PING_ON_OPEN_LIMIT = 50;

/**
 * Reachability at a glance: while the Contexts view is visible, every context whose reachability
 * is not known yet is pinged, asking nothing (an untrusted host key or a locked key shows as such
 * until the person pings that row). Runs when the view opens and when contexts appear; a context
 * is pinged once, not again and again, until its endpoint changes or the person pings it.
 */
export function pingUnknownWhileVisible(view: vscode.TreeView<unknown>, model: ContextsModel, pings: PingService, logger: Logger): vscode.Disposable {
  const inFlight = new Set<string>();
  let toldLimit = false;
  const run = async () => {
    if (!view.visible || !readSettings().pingOnOpen) return;
    const { contexts } = (await model.snapshot()).listing;
    if (contexts.length > PING_ON_OPEN_LIMIT) {
      if (!toldLimit) logger.info('ping', `${contexts.length} contexts: not pinging them all when the view opens (limit ${PING_ON_OPEN_LIMIT}); use Ping All`);
      toldLimit = true;
      return;
    }
    const unknown = contexts.filter((c) => !pings.lastResult(c.name) && !inFlight.has(c.name));
    if (unknown.length === 0) return;
    for (const c of unknown) inFlight.add(c.name);
    try {
      await pings.pingAll(unknown);
    } finally {
      for (const c of unknown) inFlight.delete(c.name);
    }
  };
  const go = () => void run().catch((e: unknown) => logger.error('ping', String(e)));
  go();
  return vscode.Disposable.from(
    view.onDidChangeVisibility(go),
    model.onDidChange(go),
  );
}
