import * as vscode from 'vscode';
import { ContextError } from '../core/errors';
import { DoorService, OpenDoor } from './doorService';

interface DoorPick extends vscode.QuickPickItem {
  readonly door: OpenDoor;
}

/** What the buttons of a door in the pick do, besides picking it. */
export interface DoorButtons {
  readonly openTerminal: (door: OpenDoor) => void;
}

/**
 * Asks for one of the open doors: each shows its context and endpoint, with buttons that copy
 * its DOCKER_HOST or open a terminal through it (those close the pick, as a cancel). Resolves
 * undefined when no door is open (after saying so); throws `cancelled` when the pick is closed.
 */
export async function pickDoor(doors: DoorService, options: { title: string; placeholder: string; buttons: DoorButtons }): Promise<OpenDoor | undefined> {
  const open = doors.list();
  if (open.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No Docker engine is exposed locally.'));
    return undefined;
  }
  const copy: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: vscode.l10n.t('Copy DOCKER_HOST') };
  const terminal: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('terminal'), tooltip: vscode.l10n.t('Open Terminal') };
  const pick = vscode.window.createQuickPick<DoorPick>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.items = open.map((door) => ({
    door,
    label: `$(plug) ${door.name}`,
    description: door.endpoint,
    detail: vscode.l10n.t('{0} open connections · to {1}', door.connections, door.host),
    buttons: [copy, terminal],
  }));
  try {
    return await new Promise<OpenDoor>((resolve, reject) => {
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0];
        if (chosen) resolve(chosen.door);
      });
      pick.onDidTriggerItemButton(({ item, button }) => {
        if (button === copy) void vscode.env.clipboard.writeText(item.door.endpoint);
        else options.buttons.openTerminal(item.door);
        pick.hide();
      });
      pick.onDidHide(() => reject(new ContextError('cancelled', 'cancelled')));
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}
