import { BrokenContext, DockerContext } from '../core/store/types';

/** The explorer's rows, separate from how they look. Ids stay stable across refreshes. */
export type ContextsNode = ContextNode | BrokenNode;

export interface ContextNode {
  readonly kind: 'context';
  readonly id: string;
  readonly context: DockerContext;
  /** The context in effect for the docker CLI. */
  readonly current: boolean;
}

export interface BrokenNode {
  readonly kind: 'broken';
  readonly id: string;
  readonly entry: BrokenContext;
}

export function contextNode(context: DockerContext, current: boolean): ContextNode {
  return { kind: 'context', id: `context:${context.name}`, context, current };
}

export function brokenNode(entry: BrokenContext): BrokenNode {
  return { kind: 'broken', id: `broken:${entry.dirName}`, entry };
}
