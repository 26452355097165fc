import { ContextsModel } from './contextsModel';
import { EngineInfoService } from './engine/engineInfoService';
import { DoorService } from './door/doorService';
import { Logger } from './logger';
import { PingService } from './ping/pingService';
import { SshPrompts } from './ssh/sshPrompts';
import { SwitchScope } from './switchScope';
import { WindowContext } from './windowContext';

/** The long-lived services every command works with, built once by `activate`. */
export interface Services {
  readonly model: ContextsModel;
  readonly logger: Logger;
  readonly pings: PingService;
  readonly sshPrompts: SshPrompts;
  readonly windowContext: WindowContext;
  /** The details of each context's engine, fetched on demand and kept for a short while. */
  readonly engines: EngineInfoService;
  /** Which of the window's and the workspace's choices holds (dockerContexts.switchScope). */
  readonly switchScope: SwitchScope;
  readonly doors: DoorService;
}
