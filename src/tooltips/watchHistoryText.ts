import * as vscode from 'vscode';
import { WatchSample } from '../core/watch/contextHealth';
import { summarizeLatency } from '../core/watch/latencyHistory';

/** Where a row finds the heartbeats of a watched context (the health watch). */
export interface WatchHistorySource {
  /** Undefined when the context is not watched. */
  history(name: string): readonly WatchSample[] | undefined;
  readonly intervalSeconds: number;
  readonly onDidChangeHistory: vscode.Event<readonly string[]>;
}

/** The hover's lines for a watched context: its last heartbeats as a latency line, with min, median and max. */
export function appendWatchHistoryMarkdown(md: vscode.MarkdownString, samples: readonly WatchSample[], intervalSeconds: number): void {
  md.appendMarkdown('---\n\n');
  if (samples.length === 0) {
    md.appendMarkdown(`$(pulse) ${vscode.l10n.t('Watched every {0} s; no heartbeat yet.', String(intervalSeconds))}\n\n`);
    return;
  }
  const s = summarizeLatency(samples);
  md.appendMarkdown(`$(pulse) ${vscode.l10n.t('Watched every {0} s; the last {1} heartbeats:', String(intervalSeconds), String(s.count))}\n\n`);
  md.appendMarkdown(`\`${s.line}\`\n\n`);
  const parts: string[] = [];
  if (s.minMs !== undefined) parts.push(vscode.l10n.t('min {0} ms · median {1} ms · max {2} ms', String(s.minMs), String(s.medianMs), String(s.maxMs)));
  if (s.failures > 0) parts.push(vscode.l10n.t('{0} failed', String(s.failures)));
  md.appendMarkdown(`${parts.join(' · ')}\n\n`);
}
