import { ContextsModel } from '../contextsModel';
import { Logger } from '../logger';

/** What every command works with. */
export interface CommandContext {
  readonly model: ContextsModel;
  readonly logger: Logger;
}
