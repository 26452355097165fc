import { ContextsModel } from '../contextsModel';
import { Logger } from '../logger';
import { PingService } from '../ping/pingService';
import { SshPrompts } from '../ssh/sshPrompts';

/** What every command works with. */
export interface CommandContext {
  readonly model: ContextsModel;
  readonly logger: Logger;
  readonly pings: PingService;
  readonly sshPrompts: SshPrompts;
}
