import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { contextDirName, contextNameProblem } from '../../../src/core/store/contextName';

describe('context names', () => {
  it('accepts the names the docker CLI accepts', () => {
    for (const name of ['prod', 'a1', 'my-host.example.com', 'x_y+z', '9lives']) {
      assert.strictEqual(contextNameProblem(name), undefined, name);
    }
  });

  it('refuses names the docker CLI refuses, saying what the rule is', () => {
    for (const name of ['', 'a', '-lead', '.hidden', 'has space', 'slash/name', 'ümlaut', 'semi;colon']) {
      const problem = contextNameProblem(name);
      assert.ok(problem, `"${name}" should be refused`);
    }
    assert.match(contextNameProblem('a')!, /at least two characters/);
  });

  it('refuses "default", which is reserved', () => {
    assert.match(contextNameProblem('default')!, /reserved/);
  });

  it('names the store folder by the hex SHA-256 of the context name', () => {
    const expected = execFileSync('sha256sum', { input: 'prod' }).toString().split(' ')[0];
    assert.strictEqual(contextDirName('prod'), expected);
  });
});
