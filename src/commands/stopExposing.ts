import * as vscode from 'vscode';
import { ContextError } from '../core/errors';
import { pickDoor } from '../door/pickDoor';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { openDoorTerminal } from './openExposedTerminal';

/**
 * `dockerContexts.stopExposing`: closes a context's local door: its connections and engine
 * streams end and its socket goes. Argument: a name or `{ name }`; without one it asks which
 * open door (the pick also copies a door's DOCKER_HOST or opens a terminal through it). Returns
 * true when a door was closed, false when that context had none.
 */
export async function stopExposingCommand(ctx: Services, call: Invocation<{ name: string }>): Promise<boolean> {
  if (call.kind === 'argument') return ctx.doors.stop(call.value.name);
  if (call.kind === 'node') {
    if (call.node.kind !== 'context') throw new ContextError('store-unreadable', call.node.entry.error);
    return ctx.doors.stop(call.node.context.name);
  }
  const door = await pickDoor(ctx.doors, {
    title: vscode.l10n.t('Stop Exposing Engine'),
    placeholder: vscode.l10n.t('Select the door to close; its buttons copy DOCKER_HOST or open a terminal'),
    buttons: { openTerminal: (d) => openDoorTerminal(ctx, d) },
  });
  return door ? ctx.doors.stop(door.name) : false;
}
