import { ContextStore } from '../../src/core/store/contextStore';
import { DockerEnvironment } from '../../src/core/store/dockerConfigDir';

/** What the next start of the extension does with the store: the first list, and the clearing of leftovers it starts beside it. */
export async function nextStart(environment: DockerEnvironment): Promise<void> {
  const store = new ContextStore(environment, { leftoverMinAgeMs: 0 });
  await store.list();
  await store.leftoversCleared();
}
