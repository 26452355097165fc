import * as vscode from 'vscode';
import { ContextError } from '../core/errors';

/** How a person left a step: back to the one before, or out of the whole flow. */
class FlowAction extends Error {
  static readonly back = new FlowAction('back');
  static readonly cancel = new FlowAction('cancel');
}

/** One step: shows one input, updates the state, and says which step comes next (undefined: done). */
export type Step<S> = (input: MultiStepInput, state: S) => Promise<Step<S> | undefined>;

export interface InputBoxStep {
  /** The number shown in the title's counter ("(3/6)"); steps of one question share it. */
  readonly step: number;
  readonly value?: string;
  readonly prompt: string;
  readonly placeholder?: string;
  readonly password?: boolean;
  /** The message to show for `value`, or undefined when it is fine. May be async. */
  readonly validate?: (value: string) => string | undefined | Promise<string | undefined>;
  /** Adds a "Browse…" button that fills the box with what the person picks. */
  readonly browse?: () => Promise<string | undefined>;
}

export interface QuickPickStep<T extends vscode.QuickPickItem> {
  readonly step: number;
  readonly items: readonly T[];
  readonly placeholder: string;
  readonly activeItem?: T;
}

/**
 * A flow of quick inputs, one input a step, with a step counter and a Back button that goes back
 * exactly one screen. Each input is complete (value, prompt, buttons) before it shows; its
 * listeners end with its step. Input boxes validate as the person types (busy while a check runs;
 * a late answer never overwrites a newer one) and keep their text when focus moves away; Escape
 * ends the flow with a `cancelled` error rather than leaving it hanging.
 */
export class MultiStepInput {
  private current: vscode.QuickInput | undefined;

  private constructor(
    private readonly title: string,
    private readonly totalSteps: number,
  ) {}

  static async run<S>(title: string, totalSteps: number, first: Step<S>, state: S): Promise<S> {
    const input = new MultiStepInput(title, totalSteps);
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

  /** Where a step stands, for what a step shows outside an input (a progress title). */
  position(step: number): { title: string; step: number; totalSteps: number } {
    return { title: this.title, step, totalSteps: this.totalSteps };
  }

  showInputBox(options: InputBoxStep): Promise<string> {
    const box = vscode.window.createInputBox();
    box.value = options.value ?? '';
    box.prompt = options.prompt;
    box.placeholder = options.placeholder;
    box.password = options.password === true;
    const browse: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('folder-opened'), tooltip: vscode.l10n.t('Browse…') };
    return this.listen<string>(box, options.step, options.browse ? [browse] : [], (finish, subs) => {
      let generation = 0;
      let pending = 0;
      const validate = async (value: string): Promise<string | undefined> => {
        const mine = ++generation;
        pending++;
        box.busy = true;
        try {
          const message = await options.validate?.(value);
          if (mine === generation) box.validationMessage = message;
          return message;
        } finally {
          box.busy = --pending > 0;
        }
      };
      subs.push(
        box.onDidTriggerButton(async (b) => {
          if (b !== browse || !options.browse) return;
          const picked = await options.browse();
          if (picked !== undefined) {
            box.value = picked;
            void validate(picked);
          }
        }),
        box.onDidChangeValue((v) => void validate(v)),
        box.onDidAccept(async () => {
          const value = box.value;
          box.enabled = false;
          const message = await validate(value);
          box.enabled = true;
          if (!message) finish(value);
        }),
      );
      if (box.value) void validate(box.value);
    });
  }

  showQuickPick<T extends vscode.QuickPickItem>(options: QuickPickStep<T>): Promise<T> {
    const pick = vscode.window.createQuickPick<T>();
    pick.items = options.items;
    pick.placeholder = options.placeholder;
    pick.matchOnDescription = true;
    if (options.activeItem) pick.activeItems = [options.activeItem];
    return this.listen<T>(pick, options.step, [], (finish, subs) => {
      subs.push(pick.onDidChangeSelection((items) => items[0] && finish(items[0])));
    });
  }

  /**
   * Completes `input` (title, counter, Back and the step's own buttons), shows it in place of the
   * step before, and resolves with what `wire` settles on, or rejects with Back or Escape. Every
   * listener of the step is disposed as soon as it settles; the input itself stays on screen until
   * the next one replaces it, so nothing flickers.
   */
  private listen<T>(
    input: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>,
    step: number,
    buttons: vscode.QuickInputButton[],
    wire: (finish: (value: T) => void, subs: vscode.Disposable[]) => void,
  ): Promise<T> {
    input.title = this.title;
    input.step = step;
    input.totalSteps = this.totalSteps;
    input.ignoreFocusOut = true;
    input.buttons = [...(step > 1 ? [vscode.QuickInputButtons.Back] : []), ...buttons];
    return new Promise<T>((resolve, reject) => {
      const subs: vscode.Disposable[] = [];
      const end = () => {
        for (const s of subs.splice(0)) s.dispose();
      };
      const finish = (value: T) => (end(), resolve(value));
      const leave = (action: FlowAction) => (end(), reject(action));
      subs.push(
        input.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && leave(FlowAction.back)),
        input.onDidHide(() => leave(FlowAction.cancel)),
      );
      wire(finish, subs);
      const previous = this.current;
      this.current = input;
      input.show();
      previous?.dispose();
    });
  }
}
