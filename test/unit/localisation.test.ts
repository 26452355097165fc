import * as l10n from '@vscode/l10n';
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hostnameProblem } from '../../src/core/certs/certificateInputs';
import { EndpointError, parseEndpoint } from '../../src/core/endpoint';
import { classifyPingError } from '../../src/core/ping/classifyError';
import { readConfigFile } from '../../src/core/store/configFile';

/**
 * The core's messages go through @vscode/l10n with the bundle the editor hands it. This loads the
 * committed l10n/bundle.l10n.json with every message turned into a marked pseudo-translation, so a
 * message that is built outside l10n.t, or whose text no longer matches its bundle entry, shows up.
 */
describe('localisation of core messages', () => {
  const bundle = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const pseudo = Object.fromEntries(Object.keys(bundle).map((k) => [k, `«${k}»`]));

  before(() => l10n.config({ contents: pseudo }));
  after(() => l10n.config({ contents: {} }));

  const translated = (text: string) => assert.match(text, /^«.*»$/s, `not translated: ${text}`);

  it('translates endpoint errors, arguments in place', () => {
    try {
      parseEndpoint('ftp://x');
      assert.fail('parsed');
    } catch (e) {
      assert.ok(e instanceof EndpointError);
      translated(e.message);
      assert.ok(e.message.includes('"ftp://x"'));
    }
  });

  it('translates ping failures, message and hint', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const result = classifyPingError(err, { address: 'tcp://h:2376', transport: 'tcp', tls: true }, false, false);
    translated(result.message);
    translated(result.hint);
    assert.ok(result.hint.includes('0.0.0.0:2376'));
  });

  it('translates certificate input problems', () => {
    translated(hostnameProblem('bad_name!') ?? '');
  });

  it('translates store errors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-'));
    try {
      fs.writeFileSync(path.join(dir, 'config.json'), '{ nope');
      await assert.rejects(readConfigFile(dir), (e: Error) => {
        translated(e.message);
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
