import * as vscode from 'vscode';
import { ContainerTool, containerToolOf, withDockerContext } from './core/containerToolsSetting';
import { errorMessage } from './core/errors';
import { Disposable } from './lifecycle';
import { Logger } from './logger';

/** The answer to the offer: in workspaceState (`follow`, `notHere`), or in globalState (`never`). */
const ANSWER_KEY = 'dockerContexts.containerToolsFollow';

export type FollowAnswer = 'follow' | 'notHere' | 'never';

/** What the offer needs from the editor; the host tests hand their own (the marketplace is out of their reach). */
export interface ContainerToolsDeps {
  /** The installed extension whose views can follow a context, if any. */
  readonly detect: () => ContainerTool | undefined;
  /** Asks the person whether that extension should follow `name`; undefined when the question is dismissed. */
  readonly ask: (tool: ContainerTool, name: string) => Thenable<FollowAnswer | undefined>;
}

const EDITOR_DEPS: ContainerToolsDeps = {
  detect: () =>
    containerToolOf(
      vscode.extensions.all.map((e) => {
        const packageJSON: unknown = e.packageJSON;
        const displayName = (packageJSON as { displayName?: unknown } | undefined)?.displayName;
        return { id: e.id, displayName: typeof displayName === 'string' ? displayName : undefined, packageJSON };
      }),
    ),
  ask: askToFollow,
};

/**
 * Makes Microsoft's Container Tools (or the older Docker extension) follow the workspace's
 * context, through its documented environment setting, if and only if the person said so: the
 * first time a context is chosen for a workspace while such an extension is installed, one
 * notification asks; the answer is remembered (for this workspace, or "never" for all), and
 * later choices keep the setting in step only where the answer was yes. The setting is written in
 * the workspace's settings, the place those extensions read it from (they ask for it without a
 * resource, so a folder's own value would be ignored in a multi-root workspace).
 */
export class ContainerToolsSync extends Disposable {
  private readonly answered = this._register(new vscode.EventEmitter<FollowAnswer>());
  /** Fires when the person answers the offer. */
  readonly onDidAnswer = this.answered.event;
  private deps: ContainerToolsDeps = EDITOR_DEPS;
  private asking = false;
  /** The question was dismissed without an answer: asked again in a later session, not in this one. */
  private dismissed = false;

  constructor(
    private readonly workspaceState: vscode.Memento,
    private readonly globalState: vscode.Memento,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** For the host tests alone: what detects the extension and what answers. Disposing restores the editor's own. */
  replaceDependencies(deps: Partial<ContainerToolsDeps>): vscode.Disposable {
    const before = this.deps;
    this.deps = { ...before, ...deps };
    this.dismissed = false;
    return new vscode.Disposable(() => (this.deps = before));
  }

  /** Forgets the answers to the offer (this workspace's and a "never"), so the next choice asks again. */
  async forgetAnswers(): Promise<void> {
    await this.workspaceState.update(ANSWER_KEY, undefined);
    await this.globalState.update(ANSWER_KEY, undefined);
    this.dismissed = false;
  }

  /** The extension that would follow, if one is installed. */
  tool(): ContainerTool | undefined {
    return this.deps.detect();
  }

  /** The answer that holds here: this workspace's, else "never" if given anywhere, else none yet. */
  answer(): FollowAnswer | undefined {
    const here = this.workspaceState.get<FollowAnswer>(ANSWER_KEY);
    if (here === 'follow' || here === 'notHere') return here;
    return this.globalState.get<FollowAnswer>(ANSWER_KEY) === 'never' ? 'never' : undefined;
  }

  /**
   * After a person chose a context for this workspace: asks once, where such an extension is
   * installed and there is no answer yet, and follows the choice if the answer is yes. `current` reads the workspace's choice when the
   * answer comes, which may be later than the choice that asked.
   */
  async offer(current: () => string | undefined): Promise<void> {
    const tool = this.deps.detect();
    if (!tool) return;
    // Once accepted, SwitchScope keeps the setting in step after every choice.
    const answer = this.answer();
    const name = current();
    if (answer !== undefined || this.asking || this.dismissed || name === undefined) return;
    this.asking = true;
    let picked: FollowAnswer | undefined;
    try {
      picked = await this.deps.ask(tool, name);
    } finally {
      this.asking = false;
    }
    if (picked === undefined) {
      this.dismissed = true;
      return;
    }
    if (picked === 'never') await this.globalState.update(ANSWER_KEY, 'never');
    else await this.workspaceState.update(ANSWER_KEY, picked);
    this.logger.info('scope', `${tool.displayName} follows the workspace's context: ${picked === 'follow' ? 'yes' : picked === 'notHere' ? 'not in this workspace' : 'never'}`);
    if (picked === 'follow') await this.follow(current());
    this.answered.fire(picked);
  }

  /**
   * Keeps `<section>.environment` of the workspace's settings in step with `name` (undefined
   * removes DOCKER_CONTEXT from it), only where the person accepted; every other variable stays.
   */
  async follow(name: string | undefined): Promise<void> {
    if (this.answer() !== 'follow') return;
    const tool = this.deps.detect();
    if (!tool) return;
    const setting = `${tool.section}.${tool.key}`;
    const config = vscode.workspace.getConfiguration(tool.section);
    const before = config.inspect<unknown>(tool.key)?.workspaceValue;
    const next = withDockerContext(before, name);
    if (JSON.stringify(next) === JSON.stringify(before)) return;
    try {
      await config.update(tool.key, next, vscode.ConfigurationTarget.Workspace);
      this.logger.info('scope', name === undefined ? `Removed DOCKER_CONTEXT from ${setting} in the workspace settings` : `Set DOCKER_CONTEXT=${name} in ${setting} in the workspace settings`);
    } catch (e) {
      this.logger.error('scope', `Could not update ${setting}: ${errorMessage(e)}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} could not be told to follow the Docker context: {1}', tool.displayName, errorMessage(e)));
    }
  }
}

async function askToFollow(tool: ContainerTool, name: string): Promise<FollowAnswer | undefined> {
  const follow = vscode.l10n.t('Follow');
  const notHere = vscode.l10n.t('Not for This Workspace');
  const never = vscode.l10n.t('Never');
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Should {0} follow the Docker context of this workspace? Its views and commands would use "{1}" too: DOCKER_CONTEXT goes into "{2}" in the workspace settings, and follows your later choices.',
      tool.displayName,
      name,
      `${tool.section}.${tool.key}`,
    ),
    follow,
    notHere,
    never,
  );
  return picked === follow ? 'follow' : picked === notHere ? 'notHere' : picked === never ? 'never' : undefined;
}
