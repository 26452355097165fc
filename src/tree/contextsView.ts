import * as vscode from 'vscode';
import { ContextsModel, ContextsSnapshot } from '../contextsModel';
import { Views } from '../constants/contextKeys';
import { Disposable } from '../lifecycle';
import { PingService } from '../ping/pingService';
import { ContextsNode, brokenNode, contextNode } from './contextNodes';
import { contextTooltip, treeItemFor } from './contextTreeItem';
import { endpointTransport } from '../core/endpoint';
import { describeSshRoute } from '../core/ssh/sshRoute';
import type { DoorService } from '../door/doorService';
import { appendDoorTooltip, markExposedRow } from '../door/doorRow';

/** The "Contexts" view: a row per context of the docker CLI's store, broken entries last. */
export class ContextsView extends Disposable implements vscode.TreeDataProvider<ContextsNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ContextsNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<ContextsNode>;
  /** The rows last handed out, by context name, to refresh one row when its ping result changes. */
  private rows = new Map<string, ContextsNode>();

  constructor(
    private readonly model: ContextsModel,
    private readonly pings: PingService,
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
    const refreshRows = (names: readonly string[]) => {
      for (const name of names) {
        const row = this.rows.get(name);
        if (row) this.changed.fire(row);
      }
    };
    this._register(pings.onDidChangeResults(refreshRows));
    if (doors) this._register(doors.onDidChange(refreshRows));
  }

  async getChildren(element?: ContextsNode): Promise<ContextsNode[]> {
    if (element) return [];
    const snapshot = await this.model.snapshot();
    this.updateMessage(snapshot);
    const nodes = nodesOf(snapshot);
    this.rows = new Map(nodes.flatMap((n) => (n.kind === 'context' ? [[n.context.name, n] as const] : [])));
    return nodes;
  }

  getTreeItem(element: ContextsNode): vscode.TreeItem {
    if (element.kind !== 'context') return treeItemFor(element);
    const { name } = element.context;
    const item = treeItemFor(element, this.pings.lastResult(name), this.pings.lastPingedAt(name), this.pings.isPinging(name));
    // An SSH row's hover also says where ssh really connects: resolved when the hover opens.
    if (endpointTransport(element.context.host) === 'ssh') item.tooltip = undefined;
    return markExposedRow(item, this.doors?.get(name));
  }

  async resolveTreeItem(item: vscode.TreeItem, element: ContextsNode): Promise<vscode.TreeItem> {
    if (element.kind !== 'context' || item.tooltip !== undefined) return item;
    const { name, host } = element.context;
    const route = await this.pings.sshRoute(host);
    item.tooltip = contextTooltip(element, this.pings.lastResult(name), this.pings.lastPingedAt(name), route && describeSshRoute(route));
    appendDoorTooltip(item, this.doors?.get(name));
    return item;
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
