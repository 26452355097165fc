import * as vscode from 'vscode';
import { InFlight } from '../core/inFlight';
import { ContextsModel } from '../contextsModel';
import { EngineInfoResult } from '../core/engine/engineDetails';
import { engineHeadline } from '../core/engine/engineSummary';
import { DockerContext } from '../core/store/types';
import { Disposable } from '../lifecycle';
import { Logger } from '../logger';
import { PingRequest, PingService } from '../ping/pingService';

/** How long fetched details are shown without asking the engine again. */
export const ENGINE_DETAILS_FRESH_MS = 30_000;

export interface EngineInfoRequest extends PingRequest {
  /** Ask the engine even when fresh details are kept (a person asked for them). */
  readonly refetch?: boolean;
}

/**
 * The details of each context's engine (`GET /version` and `GET /info`), fetched on demand over the
 * ping's connections and kept for a short while, per context and endpoint. They are forgotten when
 * the context's endpoint changes or it goes, when a person refreshes or pings it, and when a ping
 * finds the engine otherwise than the details say (down now, or another API version).
 */
export class EngineInfoService extends Disposable {
  private readonly kept = new Map<string, { readonly result: EngineInfoResult; readonly at: number }>();
  /** Fetches that ask nobody, by context and endpoint, so the tree and Inspect share one. */
  private readonly inFlight = new InFlight<EngineInfoResult>();
  private readonly changed = this._register(new vscode.EventEmitter<readonly string[]>());
  /** Fires with the names of the contexts whose details came or were forgotten. */
  readonly onDidChange = this.changed.event;

  constructor(
    model: ContextsModel,
    private readonly pings: PingService,
    private readonly logger: Logger,
    private readonly freshMs = ENGINE_DETAILS_FRESH_MS,
  ) {
    super();
    this._register(
      model.onDidChange((s) => {
        const hosts = new Map(s.listing.contexts.map((c) => [c.name, c.host]));
        this.drop([...this.kept].filter(([name, { result }]) => hosts.get(name) !== result.host).map(([name]) => name));
      }),
    );
    this._register(
      pings.onDidChangeResults((names) => {
        this.drop(
          names.filter((name) => {
            const ping = pings.lastResult(name);
            const details = this.kept.get(name)?.result;
            if (!ping || !details || ping.host !== details.host) return false;
            return ping.ok !== details.ok || (details.ok && ping.apiVersion !== undefined && ping.apiVersion !== details.apiVersion);
          }),
        );
      }),
    );
  }

  /** The last details of `context` at its current endpoint, however old; undefined when none were fetched. */
  last(context: Pick<DockerContext, 'name' | 'host'>): EngineInfoResult | undefined {
    const kept = this.kept.get(context.name);
    return kept && kept.result.host === context.host ? kept.result : undefined;
  }

  /** Details of `context` recent enough to show without asking the engine again. */
  fresh(context: Pick<DockerContext, 'name' | 'host'>): EngineInfoResult | undefined {
    const kept = this.kept.get(context.name);
    return kept && kept.result.host === context.host && Date.now() - kept.at < this.freshMs ? kept.result : undefined;
  }

  /**
   * The details of the engine of `context`: the kept ones while fresh (unless `refetch`), else
   * fetched. A fetch that asks nobody joins one of the same context already under way. Never
   * throws: a failure is a result with its kind, message and hint.
   */
  get(context: DockerContext, request: EngineInfoRequest = {}): Promise<EngineInfoResult> {
    const fresh = request.refetch ? undefined : this.fresh(context);
    if (fresh) return Promise.resolve(fresh);
    const run = () => this.pings.engineInfo(context, request).then((r) => (this.record(r), r));
    if (request.interaction || request.policy || request.signal) return run();
    return this.inFlight.join(`${context.name}\0${context.host}`, run);
  }

  /** Forgets the details of `names` (of every context when left out): the next look asks the engine. */
  forget(names?: readonly string[]): void {
    this.drop(names ?? [...this.kept.keys()]);
  }

  private drop(names: readonly string[]): void {
    const dropped = names.filter((n) => this.kept.delete(n));
    if (dropped.length) this.changed.fire(dropped);
  }

  private record(r: EngineInfoResult): void {
    if (!r.ok && r.error.kind === 'cancelled') return;
    this.kept.set(r.context, { result: r, at: Date.now() });
    this.logger.info(
      'engine',
      r.ok
        ? `${r.context} (${r.host}): ${engineHeadline(r)} in ${r.latencyMs} ms${r.warnings.length ? `; ${r.warnings.length} warning(s): ${r.warnings.join(' | ')}` : ''}`
        : `${r.context} (${r.host}): no details, ${r.error.kind} after ${r.latencyMs} ms: ${r.error.message} ${r.error.hint}`,
    );
    this.changed.fire([r.context]);
  }
}
