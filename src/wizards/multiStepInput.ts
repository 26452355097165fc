import * as vscode from 'vscode';
import { ContextError } from '../core/errors';

/** How a person left a step: back to the one before, or out of the whole flow. */
class FlowAction extends Error {
  static readonly back = new FlowAction('back');
  static readonly cancel = new FlowAction('cancel');
}

/** One step: asks, updates the state, and says which step comes next (undefined: done). */
export type Step<S> = (input: MultiStepInput, state: S) => Promise<Step<S> | undefined>;

interface Common {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}

export interface InputBoxStep extends Common {
  readonly value?: string;
  readonly prompt: string;
  readonly placeholder?: string;
  readonly password?: boolean;
  /** The message to show for `value`, or undefined when it is fine. May be async. */
  readonly validate?: (value: string) => string | undefined | Promise<string | undefined>;
  /** Adds a "Browse…" button that fills the box with what the person picks. */
  readonly browse?: () => Promise<string | undefined>;
}

export interface QuickPickStep<T extends vscode.QuickPickItem> extends Common {
  readonly items: readonly T[];
  readonly placeholder: string;
  readonly activeItem?: T;
}

/**
 * A flow of quick inputs with a step counter and a Back button. Input boxes validate as the
 * person types (a late answer never overwrites a newer one), keep their text when focus moves
 * away, and Escape ends the flow with a `cancelled` error rather than leaving it hanging.
 */
export class MultiStepInput {
  private current: vscode.QuickInput | undefined;

  static async run<S>(first: Step<S>, state: S): Promise<S> {
    const input = new MultiStepInput();
    const history: Step<S>[] = [];
    let step: Step<S> | undefined = first;
    try {
      while (step) {
        history.push(step);
        try {
          step = await step(input, state);
        } catch (e) {
          if (e === FlowAction.back) {
            history.pop();
            step = history.pop();
          } else if (e === FlowAction.cancel) {
            throw new ContextError('cancelled', 'cancelled');
          } else {
            throw e;
          }
        }
      }
    } finally {
      input.current?.dispose();
    }
    return state;
  }

  showInputBox(options: InputBoxStep): Promise<string> {
    const box = vscode.window.createInputBox();
    this.show(box, options);
    box.value = options.value ?? '';
    box.prompt = options.prompt;
    box.placeholder = options.placeholder;
    box.password = options.password === true;
    const browse: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('folder-opened'), tooltip: vscode.l10n.t('Browse…') };
    if (options.browse) box.buttons = [...box.buttons, browse];
    return new Promise<string>((resolve, reject) => {
      const subs: vscode.Disposable[] = [];
      let generation = 0;
      const validate = async (value: string): Promise<string | undefined> => {
        const mine = ++generation;
        const message = await options.validate?.(value);
        if (mine === generation) box.validationMessage = message;
        return message;
      };
      subs.push(
        box.onDidTriggerButton(async (b) => {
          if (b === vscode.QuickInputButtons.Back) reject(FlowAction.back);
          else if (b === browse && options.browse) {
            const picked = await options.browse();
            if (picked !== undefined) {
              box.value = picked;
              void validate(picked);
            }
          }
        }),
        box.onDidChangeValue((v) => void validate(v)),
        box.onDidAccept(async () => {
          const value = box.value;
          box.enabled = false;
          box.busy = true;
          const message = await validate(value);
          box.enabled = true;
          box.busy = false;
          if (!message) resolve(value);
        }),
        box.onDidHide(() => reject(FlowAction.cancel)),
      );
      if (box.value) void validate(box.value);
    });
  }

  showQuickPick<T extends vscode.QuickPickItem>(options: QuickPickStep<T>): Promise<T> {
    const pick = vscode.window.createQuickPick<T>();
    this.show(pick, options);
    pick.items = options.items;
    pick.placeholder = options.placeholder;
    pick.matchOnDescription = true;
    if (options.activeItem) pick.activeItems = [options.activeItem];
    return new Promise<T>((resolve, reject) => {
      pick.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && reject(FlowAction.back));
      pick.onDidChangeSelection((items) => items[0] && resolve(items[0]));
      pick.onDidHide(() => reject(FlowAction.cancel));
    });
  }

  /** Shows `input` in place of the step before; the old one (and its listeners) is disposed only now, so nothing flickers. */
  private show(input: vscode.QuickInput, options: Common): void {
    const previous = this.current;
    this.current = input;
    input.title = options.title;
    input.step = options.step;
    input.totalSteps = options.totalSteps;
    input.ignoreFocusOut = true;
    if ('buttons' in input) input.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    input.show();
    previous?.dispose();
  }
}
