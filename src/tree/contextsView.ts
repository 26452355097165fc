import * as vscode from 'vscode';
import { ContextsModel, ContextsSnapshot } from '../contextsModel';
import { Views } from '../constants/contextKeys';
import { Disposable } from '../lifecycle';
import { PingService } from '../ping/pingService';
import { ContextNode, ContextsNode, ExplorerNode, brokenNode, contextNode, engineNodes } from './contextNodes';
import { contextTooltip, treeItemFor } from './contextTreeItem';
import { engineItem } from './engineTreeItem';
import { EngineInfoService } from '../engine/engineInfoService';
import { endpointTransport } from '../core/endpoint';
import { describeSshRoute } from '../core/ssh/sshRoute';
import { WatchHistorySource, appendWatchHistoryMarkdown } from '../tooltips/watchHistoryText';
import type { DoorService } from '../door/doorService';
import { appendDoorTooltip, markExposedRow } from '../door/doorRow';

/**
 * The "Contexts" view: a row per context of the docker CLI's store, broken entries last. A
 * context's row expands to its engine's details, fetched when it is expanded, asking nobody.
 */
export class ContextsView extends Disposable implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ExplorerNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<ExplorerNode>;
  /** The rows last handed out, by context name, to refresh one row when its ping result changes. */
  private rows = new Map<string, ContextsNode>();

  constructor(
    private readonly model: ContextsModel,
    private readonly pings: PingService,
    private readonly engines: EngineInfoService,
    /** The health watch: a watched row's hover shows its last heartbeats. */
    private readonly watch?: WatchHistorySource,
    /** The local doors, whose rows say so. */
    private readonly doors?: DoorService,
  ) {
    super();
    this.treeView = this._register(
      vscode.window.createTreeView(Views.contexts, { treeDataProvider: this, showCollapseAll: false }),
    );
    this._register(
      model.onDidChange((snapshot) => {
        this.updateMessage(snapshot);
        this.changed.fire(undefined);
      }),
    );
    // A ping brought an engine certificate date: the rows are made again from the snapshot that holds it.
    this._register(model.onDidChangeExpiry(() => this.changed.fire(undefined)));
    // A ping result, engine details, a heartbeat or a door came: the row and, when expanded, its details are drawn again.
    const redraw = (names: readonly string[]) => {
      for (const name of names) {
        const row = this.rows.get(name);
        if (row) this.changed.fire(row);
      }
    };
    this._register(pings.onDidChangeResults(redraw));
    this._register(engines.onDidChange(redraw));
    if (watch) this._register(watch.onDidChangeHistory(redraw));
    if (doors) this._register(doors.onDidChange(redraw));
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    if (element?.kind === 'context') return this.engineChildren(element);
    if (element) return [];
    const snapshot = await this.model.snapshot();
    this.updateMessage(snapshot);
    const nodes = nodesOf(snapshot);
    this.rows = new Map(nodes.flatMap((n) => (n.kind === 'context' ? [[n.context.name, n] as const] : [])));
    return nodes;
  }

  /** The parent of a row: a context's row for the lines of its engine's details, none for the top rows. */
  getParent(element: ExplorerNode): ExplorerNode | undefined {
    return element.kind === 'engine' ? this.rows.get(element.parent) : undefined;
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    if (element.kind === 'engine') return engineItem(element);
    if (element.kind !== 'context') return treeItemFor(element);
    const { name } = element.context;
    const item = treeItemFor(element, this.pings.lastResult(name), this.pings.lastPingedAt(name), this.pings.isPinging(name), this.engines.last(element.context));
    // An SSH row's hover also says where ssh really connects: resolved when the hover opens.
    if (endpointTransport(element.context.host) === 'ssh') item.tooltip = undefined;
    else if (item.tooltip instanceof vscode.MarkdownString) this.appendWatchHistory(item.tooltip, name);
    return markExposedRow(item, this.doors?.get(name));
  }

  async resolveTreeItem(item: vscode.TreeItem, element: ExplorerNode): Promise<vscode.TreeItem> {
    if (element.kind !== 'context' || item.tooltip !== undefined) return item;
    const { name, host } = element.context;
    const route = await this.pings.sshRoute(host);
    const tooltip = contextTooltip(element, this.pings.lastResult(name), this.pings.lastPingedAt(name), route && describeSshRoute(route), this.engines.last(element.context));
    this.appendWatchHistory(tooltip, name);
    item.tooltip = tooltip;
    appendDoorTooltip(item, this.doors?.get(name));
    return item;
  }

  /** The details of a context's engine, kept or fetched asking nobody; a failure is one row that says why. */
  private async engineChildren(node: ContextNode): Promise<ExplorerNode[]> {
    const result = await this.engines.get(node.context);
    return engineNodes(node.context.name, result);
  }

  /** A watched context's last heartbeats, at the end of its hover. */
  private appendWatchHistory(tooltip: vscode.MarkdownString, name: string): void {
    const history = this.watch?.history(name);
    if (history) appendWatchHistoryMarkdown(tooltip, history, this.watch!.intervalSeconds);
  }

  private updateMessage(snapshot: ContextsSnapshot): void {
    const lines: string[] = [...snapshot.problems];
    const { current } = snapshot;
    if (current.source === 'DOCKER_HOST') {
      lines.push(
        current.overridden
          ? vscode.l10n.t('DOCKER_HOST is set, so the docker CLI uses "default" instead of "{0}". Unset DOCKER_HOST to use the chosen context.', current.overridden)
          : vscode.l10n.t('DOCKER_HOST is set: the docker CLI uses "default", whatever context is chosen.'),
      );
    } else if (current.source === 'DOCKER_CONTEXT') {
      lines.push(vscode.l10n.t('DOCKER_CONTEXT chooses "{0}" for this window.', current.name));
    }
    this.treeView.message = lines.length ? lines.join('\n') : undefined;
  }
}

/** The rows for a snapshot: contexts in `docker context ls` order, then broken entries. */
export function nodesOf(snapshot: ContextsSnapshot): ContextsNode[] {
  return [
    ...snapshot.listing.contexts.map((c) => contextNode(c, c.name === snapshot.current.name, snapshot.expiry[c.name])),
    ...snapshot.listing.broken.map(brokenNode),
  ];
}
