import { ContextsModel } from '../contextsModel';
import { Logger } from '../logger';
import { PingService } from '../ping/pingService';
import { SshPrompts } from '../ssh/sshPrompts';
import { WindowContext } from '../windowContext';
import { InspectDocumentProvider } from './inspectContext';

/** What every command works with. */
export interface CommandContext {
  readonly model: ContextsModel;
  readonly logger: Logger;
  readonly pings: PingService;
  readonly sshPrompts: SshPrompts;
  readonly windowContext: WindowContext;
  readonly inspectDocuments: InspectDocumentProvider;
}
