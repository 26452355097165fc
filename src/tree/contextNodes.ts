import { EngineInfoResult } from '../core/engine/engineDetails';
import { EngineLine, engineLines } from '../core/engine/engineSummary';
import { PingError } from '../core/ping/pingTypes';
import { BrokenContext, DockerContext } from '../core/store/types';
import { TlsExpiry } from '../core/tls/tlsExpiry';

/** The explorer's top rows, separate from how they look: what a row's menu hands a command. Ids stay stable across refreshes. */
export type ContextsNode = ContextNode | BrokenNode;

/** Every row of the explorer: the top rows, and under a context the details of its engine. */
export type ExplorerNode = ContextsNode | EngineNode;

export interface ContextNode {
  readonly kind: 'context';
  readonly id: string;
  readonly context: DockerContext;
  /** The context in effect for the docker CLI. */
  readonly current: boolean;
  /** End dates of its client certificate, CA and engine certificate, for TLS contexts. */
  readonly expiry?: TlsExpiry;
}

export interface BrokenNode {
  readonly kind: 'broken';
  readonly id: string;
  readonly entry: BrokenContext;
}

export function contextNode(context: DockerContext, current: boolean, expiry?: TlsExpiry): ContextNode {
  return { kind: 'context', id: `context:${context.name}`, context, current, expiry };
}

export function brokenNode(entry: BrokenContext): BrokenNode {
  return { kind: 'broken', id: `broken:${entry.dirName}`, entry };
}

/** A row under a context: a line of its engine's details, or why they could not be fetched. */
export interface EngineNode {
  readonly kind: 'engine';
  /** `engine:NAME:server`, `engine:NAME:warning-0`, `engine:NAME:failure`: the same line of every fetch keeps its id. */
  readonly id: string;
  /** The context's name (its row is the parent). */
  readonly parent: string;
  readonly line?: EngineLine;
  readonly failure?: PingError;
}

/** The rows under a context's row for its engine's details: one per line, or one that says why there are none. */
export function engineNodes(parent: string, result: EngineInfoResult): EngineNode[] {
  if (!result.ok) return [{ kind: 'engine', id: `engine:${parent}:failure`, parent, failure: result.error }];
  return engineLines(result).map((line) => ({ kind: 'engine', id: `engine:${parent}:${line.key}`, parent, line }));
}
