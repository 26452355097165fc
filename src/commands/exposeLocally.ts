import * as vscode from 'vscode';
import { ExposeLocallyArgs, ExposedEngine } from '../constants/commands';
import { DoorPlace } from '../core/door/localDoor';
import { PingFailure } from '../core/ping/pingTypes';
import { OpenDoor } from '../door/doorService';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { openDoorTerminal } from './openExposedTerminal';
import { contextNameOf } from './pickContext';
import { withCancellableProgress } from './withCancellableProgress';

/**
 * `dockerContexts.exposeLocally`: opens a local door to a context's engine, which forwards every
 * connection byte for byte (over SSH, with the context's TLS, or to its socket), so any tool that
 * speaks to a local Docker socket reaches it. Argument: a name or
 * `{ name, socketPath?, port?, acceptUnknownHostKey? }` (a private socket when neither is given);
 * then nothing is asked. Without one it asks which context. Returns `{ name, endpoint }`.
 */
export async function exposeLocallyCommand(ctx: Services, call: Invocation<ExposeLocallyArgs>): Promise<ExposedEngine> {
  const name = await contextNameOf(call, ctx.model, {
    title: vscode.l10n.t('Expose Engine Locally'),
    placeholder: vscode.l10n.t('Select the context whose engine to expose'),
    pings: ctx.pings,
  });
  const context = await ctx.model.store.get(name);
  const args = call.kind === 'argument' ? call.value : undefined;
  const place: DoorPlace | undefined =
    args?.socketPath !== undefined ? { kind: 'socket', path: args.socketPath } : args?.port !== undefined ? { kind: 'tcp', port: args.port } : undefined;
  const interactive = call.kind !== 'argument';
  let door: OpenDoor;
  try {
    door = await withCancellableProgress(vscode.l10n.t('Exposing the engine of {0}…', name), (signal) =>
      ctx.doors.open(context, place, {
        signal,
        interaction: interactive ? ctx.sshPrompts : undefined,
        policy: { acceptUnknownHostKey: args?.acceptUnknownHostKey === true },
      }),
    );
  } catch (e) {
    // The check's failure says what a ping would, with what to do.
    if (e instanceof PingFailure) throw new PingFailure(e.kind, vscode.l10n.t('The engine of "{0}" cannot be exposed: {1} {2}', name, e.message, e.hint).trim(), e.hint);
    throw e;
  }
  if (interactive) void offer(ctx, door);
  return { name: door.name, endpoint: door.endpoint };
}

async function offer(ctx: Services, door: OpenDoor): Promise<void> {
  const copy = vscode.l10n.t('Copy DOCKER_HOST');
  const terminal = vscode.l10n.t('Open Terminal');
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t('The engine of "{0}" is exposed at {1}.', door.name, door.endpoint), copy, terminal);
  if (answer === copy) await vscode.env.clipboard.writeText(door.endpoint);
  else if (answer === terminal) openDoorTerminal(ctx, door);
}
