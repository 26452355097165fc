import * as vscode from 'vscode';
import { CommandId, CommandResult, Commands } from '../constants/commands';
import { errorMessage, isCancellation } from '../core/errors';
import { ArgumentError } from '../core/validation/schema';
import { Services } from '../services';
import { ARGUMENT_PARSERS, Parsed } from './arguments/commandArguments';
import { isProgrammatic } from './arguments/invocation';
import { createContextFromEnvCommand } from './createContextFromEnv';
import { createSshContextCommand } from './createSshContext';
import { createTlsContextCommand } from './createTlsContext';
import { editContextCommand } from './editContext';
import { engineInfoCommand } from './engineInfo';
import { exportContextCommand } from './exportContext';
import { generateCertificatesCommand } from './generateCertificates';
import { importContextCommand } from './importContext';
import { inspectContextCommand } from './inspectContext';
import { openTerminalCommand } from './openTerminal';
import { pingAllContexts } from './pingAllContexts';
import { pingContextCommand } from './pingContext';
import { refresh } from './refresh';
import { removeContext } from './removeContext';
import { renewClientCertificateCommand } from './renewClientCertificate';
import { rotateEngineCertificateCommand } from './rotateEngineCertificate';
import { secureEngineCommand } from './secureEngine';
import { useContext } from './useContext';
import { exposeLocallyCommand } from './exposeLocally';
import { openExposedTerminalCommand } from './openExposedTerminal';
import { stopExposingCommand } from './stopExposing';

type Handler<C extends CommandId> = (services: Services, input: Parsed<C>) => Promise<CommandResult<C>>;

/** What runs each command, once its argument has been read by its parser (commands/arguments). */
const HANDLERS: { readonly [C in CommandId]: Handler<C> } = {
  [Commands.refresh]: refresh,
  [Commands.use]: useContext,
  [Commands.remove]: removeContext,
  [Commands.ping]: pingContextCommand,
  [Commands.pingAll]: pingAllContexts,
  [Commands.createSshContext]: createSshContextCommand,
  [Commands.createTlsContext]: createTlsContextCommand,
  [Commands.createContextFromEnv]: createContextFromEnvCommand,
  [Commands.inspect]: inspectContextCommand,
  [Commands.edit]: editContextCommand,
  [Commands.exportContext]: exportContextCommand,
  [Commands.importContext]: importContextCommand,
  [Commands.generateCertificates]: generateCertificatesCommand,
  [Commands.renewClientCertificate]: renewClientCertificateCommand,
  [Commands.openTerminal]: openTerminalCommand,
  [Commands.secureEngine]: secureEngineCommand,
  [Commands.rotateEngineCertificate]: rotateEngineCertificateCommand,
  [Commands.engineInfo]: engineInfoCommand,
  [Commands.exposeLocally]: exposeLocallyCommand,
  [Commands.stopExposing]: stopExposingCommand,
  [Commands.openExposedTerminal]: openExposedTerminalCommand,
};

/**
 * Registers every command through one wrapper: the argument is read by the command's parser
 * first, errors are logged and shown once in plain words, and a caller that passed an argument
 * gets the rejection too, so the commands work as an API (a wrong argument is that caller's to
 * report, not a message in the person's face). A cancel, whoever cancels and however (a closed
 * prompt, Cancel on a progress notification), is silent and resolves with `undefined`.
 */
export function registerCommands(services: Services): vscode.Disposable[] {
  return (Object.values(Commands) as CommandId[]).map((id) => register(services, id));
}

function register<C extends CommandId>(services: Services, id: C): vscode.Disposable {
  const parse = ARGUMENT_PARSERS[id] as (arg: unknown) => Parsed<C>;
  const handler = HANDLERS[id] as Handler<C>;
  return vscode.commands.registerCommand(id, async (arg?: unknown) => {
    const programmatic = isProgrammatic(arg);
    try {
      return await handler(services, parse(arg));
    } catch (e) {
      if (isCancellation(e)) {
        services.logger.debug(id, 'cancelled');
        return undefined;
      }
      const message = errorMessage(e);
      services.logger.error(id, message);
      if (!(e instanceof ArgumentError) || !programmatic) void showError(services, message);
      if (programmatic) throw e;
      return undefined;
    }
  });
}

async function showError(services: Services, message: string): Promise<void> {
  const showLog = vscode.l10n.t('Show Log');
  const answer = await vscode.window.showErrorMessage(message, showLog);
  if (answer === showLog) services.logger.show();
}
