import * as vscode from 'vscode';
import { ContextError } from '../core/errors';
import { OpenDoor } from '../door/doorService';
import { pickDoor } from '../door/pickDoor';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';

/**
 * `dockerContexts.openExposedTerminal`: an integrated terminal whose docker CLI goes through a
 * context's local door: DOCKER_HOST is the door, and DOCKER_CONTEXT, DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH are unset there (the door speaks plain HTTP; the TLS is the door's). Argument:
 * a name or `{ name }` of a context whose engine is exposed; without one it asks which open door.
 * Returns the terminal's name.
 */
export async function openExposedTerminalCommand(ctx: Services, call: Invocation<{ name: string }>): Promise<string> {
  let door: OpenDoor | undefined;
  if (call.kind === 'interactive') {
    door = await pickDoor(ctx.doors, {
      title: vscode.l10n.t('Open Terminal on Exposed Engine'),
      placeholder: vscode.l10n.t('Select the door the terminal’s docker CLI goes through'),
      buttons: { openTerminal: (d) => openDoorTerminal(ctx, d) },
    });
    if (!door) throw new ContextError('cancelled', 'cancelled');
  } else {
    if (call.kind === 'node' && call.node.kind !== 'context') throw new ContextError('store-unreadable', call.node.entry.error);
    const name = call.kind === 'argument' ? call.value.name : call.node.kind === 'context' ? call.node.context.name : '';
    door = ctx.doors.get(name);
    if (!door) throw new ContextError('not-found', vscode.l10n.t('The engine of "{0}" is not exposed locally: run Expose Engine Locally first.', name));
  }
  return openDoorTerminal(ctx, door);
}

/** Opens a terminal whose docker CLI goes through `door`, and returns its name. */
export function openDoorTerminal(ctx: Services, door: OpenDoor): string {
  const env: Record<string, string | null> = { DOCKER_HOST: door.endpoint, DOCKER_CONTEXT: null, DOCKER_TLS_VERIFY: null, DOCKER_CERT_PATH: null };
  const name = vscode.l10n.t('docker via door: {0}', door.name);
  const terminal = vscode.window.createTerminal({ name, env, iconPath: new vscode.ThemeIcon('plug') });
  terminal.show();
  ctx.logger.info('door', `Opened a terminal with DOCKER_HOST=${door.endpoint}`);
  return name;
}
