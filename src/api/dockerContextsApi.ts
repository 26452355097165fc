import * as vscode from 'vscode';
import { ContextsModel, ContextsSnapshot } from '../contextsModel';
import { Transport, endpointTransport } from '../core/endpoint';
import { PingErrorKind, PingResult } from '../core/ping/pingTypes';
import { ContextSource } from '../core/store/types';
import { PingService } from '../ping/pingService';

/**
 * What other extensions may rely on: `vscode.extensions.getExtension<DockerContextsApiV1>(
 * 'docker-remote-contexts.docker-remote-contexts')?.activate()`. Version 1. Every value it hands
 * out is a frozen copy; nothing it returns changes the store, and nothing in it asks the person.
 * Members are only ever added; a change that would break a caller comes as a new version.
 */
export interface DockerContextsApiV1 {
  readonly version: 1;
  /** The contexts of the docker CLI's store, `default` first, in `docker context ls` order. */
  listContexts(): Promise<readonly DockerContextInfo[]>;
  /** The context in effect for the docker CLI, and what decided it. */
  currentContext(): Promise<CurrentContextInfo>;
  /**
   * `GET /_ping` on a context's engine, asking nothing: an SSH host key that known_hosts does not
   * list, or a key that needs a passphrase, is a failure with its kind. Never rejects for an
   * engine that does not answer; rejects only when there is no context of that name.
   */
  ping(name: string, token?: vscode.CancellationToken): Promise<PingOutcome>;
  /** Fires when a context is added, removed or changed, or another one comes into effect. */
  readonly onDidChange: vscode.Event<void>;
}

export interface DockerContextInfo {
  readonly name: string;
  readonly description: string;
  /** The docker endpoint (`unix://…`, `tcp://…`, `ssh://…`), or '' when it has none. */
  readonly host: string;
  readonly transport: Transport;
  /** Whether it has TLS material (a CA, a client certificate or both). */
  readonly tls: boolean;
  readonly skipTlsVerify: boolean;
  /** The `default` context, made from DOCKER_HOST and never stored. */
  readonly isDefault: boolean;
  /** The context in effect. */
  readonly current: boolean;
}

export interface CurrentContextInfo {
  readonly name: string;
  /**
   * `window`: chosen for this editor window only (its terminals get DOCKER_CONTEXT); `workspace`:
   * chosen for the open workspace and remembered with it (its folders' terminals get DOCKER_CONTEXT).
   */
  readonly source: ContextSource;
}

export interface PingOutcome {
  readonly context: string;
  readonly ok: boolean;
  readonly latencyMs: number;
  readonly apiVersion?: string;
  readonly osType?: string;
  readonly error?: { readonly kind: PingErrorKind; readonly message: string; readonly hint: string };
}

/** Builds version 1 of the API over the extension's services. */
export function createApi(model: ContextsModel, pings: PingService): DockerContextsApiV1 {
  const visible = (s: ContextsSnapshot) => JSON.stringify([summaries(s), s.current]);
  // Each listener hears of a change in what this API shows, not of every read of the store.
  const onDidChange: vscode.Event<void> = (listener, thisArgs, disposables) => {
    let last: string | undefined;
    return model.onDidChange(
      (s) => {
        const now = visible(s);
        if (now !== last) listener.call(thisArgs, undefined);
        last = now;
      },
      undefined,
      disposables,
    );
  };
  return Object.freeze({
    version: 1 as const,
    listContexts: async () => summaries(await model.snapshot()),
    currentContext: async () => {
      const { current } = await model.snapshot();
      return Object.freeze({ name: current.name, source: current.source });
    },
    ping: async (name: string, token?: vscode.CancellationToken) => {
      const context = await model.store.get(name);
      const controller = new AbortController();
      const sub = token?.onCancellationRequested(() => controller.abort());
      try {
        return outcome(await pings.ping(context, { signal: controller.signal, policy: { acceptUnknownHostKey: false } }));
      } finally {
        sub?.dispose();
      }
    },
    onDidChange,
  });
}

function summaries(s: ContextsSnapshot): readonly DockerContextInfo[] {
  return Object.freeze(
    s.listing.contexts.map((c) =>
      Object.freeze({
        name: c.name,
        description: c.description,
        host: c.host,
        transport: endpointTransport(c.host),
        tls: c.tls.ca !== undefined || c.tls.cert !== undefined,
        skipTlsVerify: c.skipTlsVerify,
        isDefault: c.isDefault,
        current: c.name === s.current.name,
      }),
    ),
  );
}

function outcome(r: PingResult): PingOutcome {
  const error = r.error ? Object.freeze({ kind: r.error.kind, message: r.error.message, hint: r.error.hint }) : undefined;
  return Object.freeze({ context: r.context, ok: r.ok, latencyMs: r.latencyMs, apiVersion: r.apiVersion, osType: r.osType, error });
}
