import * as assert from 'assert';
import * as vscode from 'vscode';
import { TestCommands } from '../../../src/constants/commands';
import type { DockerContextsApiV1, ExtensionInternals } from '../../../src/extension';

const EXTENSION_ID = 'docker-remote-contexts.docker-remote-contexts';

/** The extension's public API, as another extension gets it. */
export async function publicApi(): Promise<DockerContextsApiV1> {
  const ext = vscode.extensions.getExtension<DockerContextsApiV1>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this host`);
  return ext.activate();
}

/**
 * The running extension's live objects (its model, view, status bar…), which the extension hands
 * only to its own tests: through a command it registers in the Test extension mode alone.
 */
export async function internals(): Promise<ExtensionInternals> {
  await publicApi();
  const found = await vscode.commands.executeCommand<ExtensionInternals | undefined>(TestCommands.internals);
  assert.ok(found, `${TestCommands.internals} gave nothing: is the extension running in the Test mode?`);
  return found;
}
