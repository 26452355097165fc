import { readFileSync } from 'fs';
import * as path from 'path';

/** Answers a real dockerd sent to /version and /info (see test/fixtures/engine/README.md). */
export const ENGINE_FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'engine');

/** The body of a captured answer: `dockerd-20.10-version.json`, `dockerd-20.10-info.json`, `dockerd-20.10-info-plain-tcp.json`. */
export function engineFixture(name: string): string {
  return readFileSync(path.join(ENGINE_FIXTURES, name), 'utf8');
}
