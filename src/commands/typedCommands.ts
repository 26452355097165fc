import * as vscode from 'vscode';
import { CommandArguments, CommandId, CommandResults } from '../constants/commands';

/** Runs one of our commands with an argument of the type it takes, resolving with what it returns. */
export function executeCommand<C extends CommandId>(id: C, arg?: CommandArguments[C]): Thenable<CommandResults[C]> {
  return arg === undefined ? vscode.commands.executeCommand<CommandResults[C]>(id) : vscode.commands.executeCommand<CommandResults[C]>(id, arg);
}

/**
 * A `command:` link for a markdown tooltip that runs one of our commands with `arg`. The tooltip
 * must trust the command: `isTrusted: { enabledCommands: [id] }`.
 */
export function commandLink<C extends CommandId>(id: C, arg: CommandArguments[C]): string {
  return `command:${id}?${encodeURIComponent(JSON.stringify([arg]))}`;
}
