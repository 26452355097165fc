import * as vscode from 'vscode';
import { errorMessage } from './core/errors';
import { ContextStore } from './core/store/contextStore';
import { DockerEnvironment } from './core/store/dockerConfigDir';
import { FreshRead } from './core/store/freshRead';
import { StoreWatcher } from './core/store/storeWatcher';
import { ContextListing, CurrentContext, DockerContext } from './core/store/types';
import { TlsExpiry, readTlsExpiry } from './core/tls/tlsExpiry';
import { Disposable } from './lifecycle';
import { Logger } from './logger';

/** The store as last read: what the explorer and the status bar show. */
export interface ContextsSnapshot {
  readonly listing: ContextListing;
  readonly current: CurrentContext;
  /** Why the store or config.json could not be read, in words for a person. */
  readonly problems: readonly string[];
  /**
   * The certificate end dates of the TLS contexts, by name: their client certificate and CA from
   * the files, their engine's certificate from the last ping that saw it.
   */
  readonly expiry: Readonly<Record<string, TlsExpiry>>;
}

/** A ping brought new engine certificate dates: the snapshot that holds them, and whose they are. */
export interface ExpiryChange {
  readonly snapshot: ContextsSnapshot;
  readonly names: readonly string[];
}

const EMPTY: ContextListing = { contexts: [], broken: [] };

/** A context chosen in the editor rather than for the docker CLI everywhere (dockerContexts.switchScope). */
export interface EditorChoice {
  readonly name: string;
  /** `window`: this window's terminals; `workspace`: the terminals of the workspace's folders. */
  readonly scope: 'window' | 'workspace';
}

/**
 * Reads the docker CLI's store, keeps the last snapshot, and tells its listeners when it
 * changes: on a file change in the store (debounced, no polling) or on request.
 */
export class ContextsModel extends Disposable {
  readonly store: ContextStore;
  private readonly changed = this._register(new vscode.EventEmitter<ContextsSnapshot>());
  readonly onDidChange = this.changed.event;
  private latest: ContextsSnapshot | undefined;
  private readonly reads = new FreshRead(() => this.read());
  private readonly expiryChanged = this._register(new vscode.EventEmitter<ExpiryChange>());
  /** Fires when a ping brings an engine certificate date that the snapshot did not hold; the store was not read. */
  readonly onDidChangeExpiry = this.expiryChanged.event;
  /** The engine certificate's end date of each context, as its last ping saw it, with the endpoint that ping used. */
  private readonly engineDates = new Map<string, { readonly host: string; readonly notAfter: Date }>();
  /** The names the last read of the store listed. */
  private stored = new Set<string>();

  /** The context chosen for this window or this workspace only, if any (set by the editor's SwitchScope). */
  private editorChoice: EditorChoice | undefined;

  constructor(
    environment: DockerEnvironment,
    private readonly logger: Logger,
  ) {
    super();
    this.store = new ContextStore(environment);
  }

  /** Overlays a per-window choice on what the docker CLI's rules decide; undefined removes it. */
  setWindowChoice(name: string | undefined): Promise<ContextsSnapshot> {
    return this.setEditorChoice(name === undefined ? undefined : { name, scope: 'window' });
  }

  /** Overlays a window's or a workspace's choice on what the docker CLI's rules decide; undefined removes it. */
  setEditorChoice(choice: EditorChoice | undefined): Promise<ContextsSnapshot> {
    this.editorChoice = choice;
    return this.refresh();
  }

  /**
   * Starts following changes that anything makes to the store. A large store is watched for added
   * and removed contexts only, so it is read again when the window gains focus too.
   */
  watch(): void {
    const watcher = new StoreWatcher(this.store.configDir, () => void this.refresh());
    this._register({ dispose: () => watcher.dispose() });
    this._register(vscode.window.onDidChangeWindowState((w) => w.focused && void this.refresh()));
    this.logger.info('store', `Watching ${watcher.watched.join(', ')}`);
  }

  /** The last snapshot, reading the store the first time (sharing a read under way: nothing was written). */
  snapshot(): Promise<ContextsSnapshot> {
    return this.latest ? Promise.resolve(this.latest) : this.reads.any();
  }

  find(name: string): DockerContext | undefined {
    return this.latest?.listing.contexts.find((c) => c.name === name);
  }

  /**
   * Reads the store again. What it returns always comes from a read that started after the call,
   * so a command that just wrote sees its write; calls during a read share the one that follows.
   */
  refresh(): Promise<ContextsSnapshot> {
    return this.reads.run();
  }

  /**
   * Keeps what a ping of `name` at `host` read of the engine's certificate. When the date is new
   * and the snapshot lists that context at that endpoint, the snapshot gets it at once (without
   * reading the store) and onDidChangeExpiry fires; the same date again changes nothing.
   */
  noteEngineCertificate(name: string, host: string, notAfter: Date): void {
    const known = this.engineDates.get(name);
    if (known && known.host === host && known.notAfter.getTime() === notAfter.getTime()) return;
    this.engineDates.set(name, { host, notAfter });
    const latest = this.latest;
    if (!latest?.listing.contexts.some((c) => c.name === name && c.host === host)) return;
    const snapshot: ContextsSnapshot = { ...latest, expiry: { ...latest.expiry, [name]: { ...latest.expiry[name], engine: notAfter } } };
    this.latest = snapshot;
    this.expiryChanged.fire({ snapshot, names: [name] });
  }

  /**
   * The file dates with the engine dates the pings saw, for the contexts still at the endpoint
   * that was pinged. A date for a context that has gone from the store, or whose endpoint changed,
   * is forgotten; one for a name not stored yet (a wizard's test before it saves) stays.
   */
  private withEngineDates(contexts: readonly DockerContext[], files: Record<string, TlsExpiry>): Record<string, TlsExpiry> {
    const hosts = new Map(contexts.map((c) => [c.name, c.host]));
    for (const [name, { host }] of [...this.engineDates]) {
      if (hosts.has(name) ? hosts.get(name) !== host : this.stored.has(name)) this.engineDates.delete(name);
    }
    this.stored = new Set(hosts.keys());
    const expiry = { ...files };
    for (const [name, { notAfter }] of this.engineDates) if (hosts.has(name)) expiry[name] = { ...expiry[name], engine: notAfter };
    return expiry;
  }

  /**
   * DOCKER_HOST still wins over a window's or workspace's choice, as it does in their terminals;
   * the choice wins over DOCKER_CONTEXT and config.json, as the terminals' DOCKER_CONTEXT does.
   */
  private withEditorChoice(current: CurrentContext): CurrentContext {
    const choice = this.editorChoice;
    if (!choice || current.source === 'DOCKER_HOST') return current;
    return { name: choice.name, source: choice.scope, overridden: current.name !== choice.name ? current.name : undefined };
  }

  private async read(): Promise<ContextsSnapshot> {
    const problems: string[] = [];
    const [listing, current] = await Promise.all([
      this.store.list().catch((e: unknown) => {
        problems.push(errorMessage(e));
        return EMPTY;
      }),
      this.store.current().catch((e: unknown): CurrentContext => {
        problems.push(errorMessage(e));
        return { name: 'default', source: 'default' };
      }),
    ]);
    for (const p of problems) this.logger.error('store', p);
    const withTls = listing.contexts.filter((c) => c.tls.cert || c.tls.ca);
    const dates = await Promise.all(withTls.map((c) => readTlsExpiry(c.tls)));
    const files: Record<string, TlsExpiry> = {};
    withTls.forEach((c, i) => (files[c.name] = dates[i]));
    const expiry = this.withEngineDates(listing.contexts, files);
    const snapshot: ContextsSnapshot = { listing, current: this.withEditorChoice(current), problems, expiry };
    const before = this.latest;
    this.latest = snapshot;
    if (!before || !sameSnapshot(before, snapshot)) this.changed.fire(snapshot);
    return snapshot;
  }
}

function sameSnapshot(a: ContextsSnapshot, b: ContextsSnapshot): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
