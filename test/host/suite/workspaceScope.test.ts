import * as assert from 'assert';
import { existsSync, mkdirSync, readFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import type { ContainerTool } from '../../../src/core/containerToolsSetting';
import type { FollowAnswer } from '../../../src/containerTools';
import type { ExtensionInternals } from '../../../src/extension';
import { ScopeFacts, scopeNote } from '../../../src/statusBar/scopeText';
import { waitUntil } from '../../support/waitUntil';
import { contextMeta, docker, dockerConfig, resetStore, scratchFolder, testStore, waitForSnapshot } from './hostWorld';
import { hostRig } from './hostRig';
import { internals } from './internals';

const configJson = () => JSON.parse(readFileSync(path.join(dockerConfig(), 'config.json'), 'utf8')) as { currentContext?: string };
const tooltipOf = (item: vscode.StatusBarItem) => (item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip));
const ours = () => vscode.workspace.getConfiguration('dockerContexts');
const containers = () => vscode.workspace.getConfiguration('containers');

/** The folder the host runner opened: the workspace whose choice the tests make. */
function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the host tests run with a folder open');
  return f;
}

/** Whatever the test changed of the settings and the answers goes back, and the workspace's choice is gone. */
async function restore(a: ExtensionInternals): Promise<void> {
  await ours().update('switchScope', undefined, vscode.ConfigurationTarget.Global);
  await ours().update('pingOnOpen', undefined, vscode.ConfigurationTarget.Global);
  await containers().update('environment', undefined, vscode.ConfigurationTarget.Workspace);
  await a.switchScope.containerTools.forgetAnswers();
  await waitUntil('the workspace’s choice to be forgotten', async () => a.switchScope.workspaceContext.name === undefined && (await a.model.snapshot()).current.source !== 'workspace');
}

describe('A context per workspace (switchScope "workspace")', function () {
  this.timeout(60000);
  const scratch = scratchFolder('workspace-scope');
  /** What the offer asked, and the answer the test gives. */
  let asked: Array<{ tool: ContainerTool; name: string }>;
  let answer: FollowAnswer | undefined;
  let deps: vscode.Disposable | undefined;

  beforeEach(async () => {
    await resetStore();
    // The rig's engine, so the ping of the context in effect answers and leaves the status bar's icon alone.
    for (const name of ['everywhere', 'here-only', 'here-later']) await testStore().write(contextMeta(name, hostRig().unixHost));
    await docker('context', 'use', 'everywhere');
    asked = [];
    answer = undefined;
    // No background ping, whose failure would put its own icon in the status bar.
    await ours().update('pingOnOpen', false, vscode.ConfigurationTarget.Global);
    await ours().update('switchScope', 'workspace', vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    deps?.dispose();
    deps = undefined;
    await restore(await internals());
  });

  /** The offer answers as the test says; `detect` stays the editor's own unless given. */
  function answering(a: ExtensionInternals, detect?: () => ContainerTool | undefined): void {
    deps = a.switchScope.containerTools.replaceDependencies({
      ...(detect ? { detect } : {}),
      ask: (tool, name) => {
        asked.push({ tool, name });
        return Promise.resolve(answer);
      },
    });
  }

  it('use remembers the context with the workspace, sets DOCKER_CONTEXT for its terminals and tasks, and leaves config.json alone', async () => {
    const a = await internals();
    answering(a, () => undefined);
    assert.strictEqual(a.switchScope.current(), 'workspace');
    await vscode.commands.executeCommand(Commands.use, 'here-only');

    // workspaceState holds it, for the workspace's first folder.
    assert.strictEqual(a.switchScope.workspaceContext.name, 'here-only');
    assert.strictEqual(a.switchScope.workspaceContext.valueFor(folder()), 'here-only');
    assert.strictEqual(a.windowContext.name, undefined);
    // The global choice is untouched, as the docker CLI itself says.
    assert.strictEqual(configJson().currentContext, 'everywhere');
    assert.strictEqual(await docker('context', 'show'), 'everywhere');

    const snapshot = await a.model.snapshot();
    assert.deepStrictEqual([snapshot.current.name, snapshot.current.source, snapshot.current.overridden], ['here-only', 'workspace', 'everywhere']);
    assert.strictEqual(a.statusBar.item.text, '$(root-folder) here-only');
    assert.match(tooltipOf(a.statusBar.item), /Chosen for this workspace/);
    assert.match(a.statusBar.item.accessibilityInformation?.label ?? '', /^Docker context: here-only \(this workspace\)/);
    // The explorer's mark follows the workspace's choice.
    const items = (await a.view.getChildren()).map((r) => a.view.getTreeItem(r));
    assert.deepStrictEqual(items.filter((i) => String(i.contextValue).startsWith('context.current')).map((i) => i.label), ['here-only']);
    // No Container Tools: nothing asked.
    assert.deepStrictEqual(asked, []);

    // A new integrated terminal of the workspace: its shell and its docker CLI see the choice.
    mkdirSync(path.join(scratch.path, 'terminal'), { recursive: true });
    const seen = path.join(scratch.path, 'terminal', 'env.txt');
    const shown = path.join(scratch.path, 'terminal', 'shown.txt');
    const terminal = vscode.window.createTerminal({ name: 'workspace scope', cwd: folder().uri });
    try {
      terminal.sendText(`printf '%s\\n' "\${DOCKER_CONTEXT-unset}" > '${seen}'; docker context show > '${shown}'`);
      const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').trim() || undefined : undefined);
      await waitUntil('the terminal to write what it sees', () => read(seen) !== undefined && read(shown) !== undefined && [read(seen), read(shown)], {
        timeoutMs: 20000,
        describe: () => JSON.stringify([read(seen), read(shown)]),
      });
      assert.deepStrictEqual([read(seen), read(shown)], ['here-only', 'here-only']);
    } finally {
      terminal.dispose();
    }

    // A task of the workspace runs with it too.
    const fromTask = path.join(scratch.path, 'terminal', 'task.txt');
    const task = new vscode.Task({ type: 'shell' }, folder(), 'workspace scope task', 'test', new vscode.ShellExecution(`printf '%s\n' "\${DOCKER_CONTEXT-unset}" > '${fromTask}'`));
    const ended = new Promise<void>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name !== task.name) return;
        sub.dispose();
        resolve();
      });
    });
    await vscode.tasks.executeTask(task);
    await ended;
    assert.strictEqual(readFileSync(fromTask, 'utf8').trim(), 'here-only');
  });

  it('forgets the workspace’s choice and its terminals’ DOCKER_CONTEXT when switchScope goes back to "global"', async () => {
    const a = await internals();
    answering(a, () => undefined);
    await vscode.commands.executeCommand(Commands.use, 'here-only');
    assert.strictEqual(a.switchScope.workspaceContext.valueFor(folder()), 'here-only');
    await ours().update('switchScope', 'global', vscode.ConfigurationTarget.Global);
    const s = await waitForSnapshot(a, (x) => x.current.source === 'config');
    assert.strictEqual(s.current.name, 'everywhere');
    assert.strictEqual(a.switchScope.workspaceContext.name, undefined);
    assert.strictEqual(a.switchScope.workspaceContext.valueFor(folder()), undefined);
  });

  it('a global use in "global" scope drops the workspace’s choice and moves config.json', async () => {
    const a = await internals();
    answering(a, () => undefined);
    await vscode.commands.executeCommand(Commands.use, 'here-only');
    await ours().update('switchScope', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Commands.use, 'here-later');
    assert.strictEqual(await docker('context', 'show'), 'here-later');
    assert.strictEqual(a.switchScope.workspaceContext.name, undefined);
    assert.deepStrictEqual([(await a.model.snapshot()).current.source, a.statusBar.item.text], ['config', '$(server-environment) here-later']);
  });

  it('asks once whether Container Tools should follow, and writes nothing when told "not for this workspace"', async () => {
    const a = await internals();
    answering(a);
    answer = 'notHere';
    await vscode.commands.executeCommand(Commands.use, 'here-only');
    await waitUntil('the offer to be answered', () => a.switchScope.containerTools.answer() === 'notHere');
    await vscode.commands.executeCommand(Commands.use, 'here-later');
    assert.deepStrictEqual(
      asked.map((q) => [q.tool.extensionId, q.name]),
      [['ms-azuretools.vscode-containers', 'here-only']],
    );
    assert.strictEqual(containers().inspect('environment')?.workspaceValue, undefined);
  });

  it('makes Container Tools follow through containers.environment in the workspace settings once accepted, and keeps it in step', async () => {
    const a = await internals();
    // The editor's own detection finds the stand-in that the host runner loads with Container Tools' id.
    assert.deepStrictEqual(a.switchScope.containerTools.tool(), { extensionId: 'ms-azuretools.vscode-containers', displayName: 'Container Tools (stand-in for the host tests)', section: 'containers', key: 'environment' });
    await containers().update('environment', { HTTPS_PROXY: 'http://proxy.example.com:3128' }, vscode.ConfigurationTarget.Workspace);
    answering(a);
    answer = 'follow';
    const environment = () => containers().inspect<Record<string, string>>('environment')?.workspaceValue;
    await vscode.commands.executeCommand(Commands.use, 'here-only');
    await waitUntil('containers.environment to name "here-only"', () => environment()?.DOCKER_CONTEXT === 'here-only', { describe: () => JSON.stringify(environment()) });
    // Read back as Container Tools reads it (no resource), and written in the folder's .vscode/settings.json.
    assert.deepStrictEqual(containers().get('environment'), { HTTPS_PROXY: 'http://proxy.example.com:3128', DOCKER_CONTEXT: 'here-only' });
    const file = JSON.parse(readFileSync(path.join(folder().uri.fsPath, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepStrictEqual(file['containers.environment'], { HTTPS_PROXY: 'http://proxy.example.com:3128', DOCKER_CONTEXT: 'here-only' });
    await waitUntil('the tooltip to say that Container Tools follows', () => /follows it \("containers\.environment"/.test(tooltipOf(a.statusBar.item)), {
      describe: () => tooltipOf(a.statusBar.item),
    });

    // A later choice follows without asking again.
    await vscode.commands.executeCommand(Commands.use, 'here-later');
    await waitUntil('containers.environment to name "here-later"', () => environment()?.DOCKER_CONTEXT === 'here-later', { describe: () => JSON.stringify(environment()) });
    assert.strictEqual(asked.length, 1);

    // Back to "global": DOCKER_CONTEXT leaves the setting, the other variable stays.
    await ours().update('switchScope', 'global', vscode.ConfigurationTarget.Global);
    await waitUntil('DOCKER_CONTEXT to leave containers.environment', () => environment()?.DOCKER_CONTEXT === undefined, { describe: () => JSON.stringify(environment()) });
    assert.deepStrictEqual(environment(), { HTTPS_PROXY: 'http://proxy.example.com:3128' });
  });

  it('the tooltip says when no folder is open (the window holds the choice) and that the first folder decides in a multi-root workspace', () => {
    const facts = (folders: readonly vscode.WorkspaceFolder[], follows = false): ScopeFacts => ({
      fellBack: () => folders.length === 0,
      onDidChangeFacts: () => new vscode.Disposable(() => undefined),
      workspaceContext: { leader: folders[0], folderCount: folders.length },
      containerTools: { tool: () => ({ extensionId: 'ms-azuretools.vscode-containers', displayName: 'Container Tools', section: 'containers', key: 'environment' }), answer: () => (follows ? 'follow' : undefined) },
    });
    const api: vscode.WorkspaceFolder = { uri: vscode.Uri.file('/src/api'), name: 'api', index: 0 };
    const web: vscode.WorkspaceFolder = { uri: vscode.Uri.file('/src/web'), name: 'web', index: 1 };
    assert.match(scopeNote('window', facts([])) ?? '', /no folder is open: a context you choose holds for this window only/);
    assert.match(scopeNote('config', facts([])) ?? '', /no folder is open/);
    assert.match(scopeNote('workspace', facts([api, web])) ?? '', /the first folder, "api", decides: .* all 2 folders/);
    assert.strictEqual(scopeNote('workspace', facts([api])), undefined);
    assert.match(scopeNote('workspace', facts([api], true)) ?? '', /Container Tools follows it \("containers\.environment"/);
    assert.strictEqual(scopeNote('DOCKER_HOST', facts([])), undefined);
  });
});
