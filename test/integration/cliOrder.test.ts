import * as assert from 'assert';
import { CliWorld, cliMeta, createCliWorld } from './cliWorld';

describe('docker CLI interop: order of the list', () => {
  let w: CliWorld;
  beforeEach(() => (w = createCliWorld()));
  afterEach(() => w.dispose());

  it('lists contexts in exactly the order docker context ls does, capitals, digits and punctuation included', async () => {
    for (const name of ['Zulu', 'alpha', 'beta-1', 'beta_1', 'beta.1', 'Default', 'x07', 'x7', 'node10', 'node2', 'a1b', 'a01b']) {
      await w.store.write(cliMeta(name, 'tcp://127.0.0.1:1'));
    }
    const ours = (await w.store.list()).contexts.map((c) => c.name);
    const theirs = (await w.cliContexts()).map((c) => c.Name);
    assert.deepStrictEqual(ours, theirs);
  });
});
