import * as vscode from 'vscode';
import { CommandArguments, CommandId, CommandResult } from '../constants/commands';

/**
 * Runs one of our commands with an argument of the type it takes, resolving with what it
 * returns, or `undefined` when it was cancelled.
 */
export function executeCommand<C extends CommandId>(id: C, arg?: CommandArguments<C>): Thenable<CommandResult<C> | undefined> {
  return arg === undefined ? vscode.commands.executeCommand<CommandResult<C> | undefined>(id) : vscode.commands.executeCommand<CommandResult<C> | undefined>(id, arg);
}

/**
 * A `command:` link for a markdown tooltip that runs one of our commands with `arg`. The tooltip
 * must trust the command: `isTrusted: { enabledCommands: [id] }`.
 */
export function commandLink<C extends CommandId>(id: C, arg: CommandArguments<C>): string {
  return `command:${id}?${encodeURIComponent(JSON.stringify([arg]))}`;
}
