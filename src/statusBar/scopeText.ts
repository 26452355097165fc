import * as vscode from 'vscode';
import type { ContainerTool } from '../core/containerToolsSetting';
import type { ContextSource } from '../core/store/types';

/** What the tooltip needs to know of dockerContexts.switchScope (SwitchScope gives it). */
export interface ScopeFacts {
  /** Whether the setting says "workspace" but no folder is open, so the window's choice stands in. */
  fellBack(): boolean;
  /** Fires when any of the rest may have changed. */
  readonly onDidChangeFacts: vscode.Event<void>;
  readonly workspaceContext: { readonly leader: vscode.WorkspaceFolder | undefined; readonly folderCount: number };
  readonly containerTools: { tool(): ContainerTool | undefined; answer(): string | undefined };
}

/**
 * A word in the tooltip on where the choice holds, beyond what decided it: that no folder is open
 * so a switch holds for the window, that the first folder of a multi-root workspace decides, and
 * that Container Tools follows. Undefined when there is nothing to add.
 */
export function scopeNote(source: ContextSource, scope: ScopeFacts): string | undefined {
  if (source === 'DOCKER_HOST') return undefined;
  if (scope.fellBack()) {
    return vscode.l10n.t('$(info) dockerContexts.switchScope is "workspace", but no folder is open: a context you choose holds for this window only.');
  }
  if (source !== 'workspace') return undefined;
  const lines: string[] = [];
  const { leader, folderCount } = scope.workspaceContext;
  if (leader && folderCount > 1) {
    lines.push(vscode.l10n.t('In this multi-root workspace the first folder, "{0}", decides: the choice is remembered with it and holds for the terminals of all {1} folders.', leader.name, String(folderCount)));
  }
  const tool = scope.containerTools.tool();
  if (tool && scope.containerTools.answer() === 'follow') {
    lines.push(vscode.l10n.t('{0} follows it ("{1}" in the workspace settings).', tool.displayName, `${tool.section}.${tool.key}`));
  }
  return lines.length ? lines.join('\n\n') : undefined;
}
