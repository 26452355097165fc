import { BrokenContext, DockerContext } from '../core/store/types';
import { TlsExpiry } from '../core/tls/tlsExpiry';

/** The explorer's rows, separate from how they look. Ids stay stable across refreshes. */
export type ContextsNode = ContextNode | BrokenNode;

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
