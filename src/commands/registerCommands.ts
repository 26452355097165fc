import * as vscode from 'vscode';
import { errorMessage, isContextError } from '../core/errors';
import { ArgumentError, isTreeNode } from './commandArgs';
import { CommandContext } from './commandContext';
import { createContextFromEnvCommand } from './createContextFromEnv';
import { createSshContextCommand } from './createSshContext';
import { createTlsContextCommand } from './createTlsContext';
import { editContextCommand } from './editContext';
import { exportContextCommand } from './exportContext';
import { importContextCommand } from './importContext';
import { inspectContextCommand } from './inspectContext';
import { openTerminalCommand } from './openTerminal';
import { generateCertificatesCommand } from './generateCertificates';
import { pingAllContexts } from './pingAllContexts';
import { renewClientCertificateCommand } from './renewClientCertificate';
import { pingContextCommand } from './pingContext';
import { refresh } from './refresh';
import { removeContext } from './removeContext';
import { useContext } from './useContext';

type CommandHandler = (ctx: CommandContext, arg?: unknown) => Promise<unknown>;

/** Every command the extension contributes, by id. scripts/checks.js checks this against package.json. */
export const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  'dockerContexts.refresh': refresh,
  'dockerContexts.use': useContext,
  'dockerContexts.remove': removeContext,
  'dockerContexts.ping': pingContextCommand,
  'dockerContexts.pingAll': pingAllContexts,
  'dockerContexts.createSshContext': createSshContextCommand,
  'dockerContexts.createTlsContext': createTlsContextCommand,
  'dockerContexts.createContextFromEnv': createContextFromEnvCommand,
  'dockerContexts.inspect': inspectContextCommand,
  'dockerContexts.edit': editContextCommand,
  'dockerContexts.exportContext': exportContextCommand,
  'dockerContexts.importContext': importContextCommand,
  'dockerContexts.generateCertificates': generateCertificatesCommand,
  'dockerContexts.renewClientCertificate': renewClientCertificateCommand,
  'dockerContexts.openTerminal': openTerminalCommand,
};

/**
 * Registers every command through one wrapper: errors are logged and shown once in plain
 * words, a person's cancel is silent, and a caller that passed an argument object gets the
 * rejection too, so the commands work as an API.
 */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      const programmatic = arg !== undefined && !isTreeNode(arg);
      try {
        return await handler(ctx, arg);
      } catch (e) {
        if (isContextError(e, 'cancelled')) {
          ctx.logger.debug(id, 'cancelled');
          if (programmatic) throw e;
          return undefined;
        }
        const message = errorMessage(e);
        ctx.logger.error(id, message);
        if (!(e instanceof ArgumentError) || !programmatic) void showError(ctx, message);
        if (programmatic) throw e;
        return undefined;
      }
    }),
  );
}

async function showError(ctx: CommandContext, message: string): Promise<void> {
  const showLog = vscode.l10n.t('Show Log');
  const answer = await vscode.window.showErrorMessage(message, showLog);
  if (answer === showLog) ctx.logger.show();
}
