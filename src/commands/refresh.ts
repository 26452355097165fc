import { Services } from '../services';

/** `dockerContexts.refresh`: reads the store again. */
export async function refresh(services: Services): Promise<void> {
  await services.model.refresh();
}
