import { ContextsModel } from './contextsModel';
import { DoorService } from './door/doorService';
import { Logger } from './logger';
import { PingService } from './ping/pingService';
import { SshPrompts } from './ssh/sshPrompts';
import { WindowContext } from './windowContext';

/** The long-lived services every command works with, built once by `activate`. */
export interface Services {
  readonly model: ContextsModel;
  readonly logger: Logger;
  readonly pings: PingService;
  readonly sshPrompts: SshPrompts;
  readonly windowContext: WindowContext;
  readonly doors: DoorService;
}
