import { Services } from '../services';

/** `dockerContexts.refresh`: reads the store again, and forgets the engines' details so that expanded rows fetch them again. */
export async function refresh(services: Services): Promise<void> {
  services.engines.forget();
  await services.model.refresh();
}
