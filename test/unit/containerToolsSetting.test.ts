import * as assert from 'assert';
import { containerToolOf, contributedSettings, withDockerContext } from '../../src/core/containerToolsSetting';

/** Manifests shaped as the published ones declare the setting (object or list of blocks). */
const containers2 = { displayName: 'Container Tools', contributes: { configuration: [{ title: 'Containers', properties: { 'containers.environment': { type: 'object' }, 'containers.contexts.label': {} } }] } };
const docker1 = { displayName: 'Docker', contributes: { configuration: { title: 'Docker', properties: { 'docker.environment': { type: 'object' } } } } };
/** The Docker extension 2.x: an extension pack that installs Container Tools and contributes no setting. */
const docker2 = { displayName: 'Docker', extensionDependencies: ['ms-azuretools.vscode-containers'] };

describe('Which container extension can follow a context', () => {
  it('reads the settings a manifest contributes, from one block or a list', () => {
    assert.deepStrictEqual(contributedSettings(containers2), ['containers.environment', 'containers.contexts.label']);
    assert.deepStrictEqual(contributedSettings(docker1), ['docker.environment']);
    assert.deepStrictEqual(contributedSettings(docker2), []);
    assert.deepStrictEqual(contributedSettings(null), []);
    assert.deepStrictEqual(contributedSettings({ contributes: { configuration: [null, 3, { properties: [] }] } }), []);
  });

  it('picks Container Tools and its containers.environment', () => {
    const tool = containerToolOf([{ id: 'ms-azuretools.vscode-containers', displayName: 'Container Tools', packageJSON: containers2 }]);
    assert.deepStrictEqual(tool, { extensionId: 'ms-azuretools.vscode-containers', displayName: 'Container Tools', section: 'containers', key: 'environment' });
  });

  it('picks the Docker extension 1.x and its docker.environment when Container Tools is not installed', () => {
    const tool = containerToolOf([{ id: 'ms-azuretools.vscode-docker', displayName: 'Docker', packageJSON: docker1 }]);
    assert.strictEqual(tool?.section, 'docker');
  });

  it('prefers Container Tools when the Docker extension 2.x brought it along', () => {
    const tool = containerToolOf([
      { id: 'ms-azuretools.vscode-docker', packageJSON: docker2 },
      { id: 'ms-azuretools.vscode-containers', displayName: '%displayName%', packageJSON: containers2 },
    ]);
    assert.deepStrictEqual([tool?.section, tool?.displayName], ['containers', 'Container Tools']);
  });

  it('offers nothing for an extension that does not contribute the setting, or for none', () => {
    assert.strictEqual(containerToolOf([{ id: 'ms-azuretools.vscode-docker', packageJSON: docker2 }]), undefined);
    assert.strictEqual(containerToolOf([{ id: 'someone.vscode-containers', packageJSON: containers2 }]), undefined);
    assert.strictEqual(containerToolOf([]), undefined);
  });
});

describe('DOCKER_CONTEXT in a container extension’s environment setting', () => {
  it('adds DOCKER_CONTEXT and keeps every other entry as it was', () => {
    assert.deepStrictEqual(withDockerContext({ HTTPS_PROXY: 'http://p:3128', ODD: 1 }, 'prod'), { HTTPS_PROXY: 'http://p:3128', ODD: 1, DOCKER_CONTEXT: 'prod' });
    assert.deepStrictEqual(withDockerContext(undefined, 'prod'), { DOCKER_CONTEXT: 'prod' });
    assert.deepStrictEqual(withDockerContext({ DOCKER_CONTEXT: 'old' }, 'new'), { DOCKER_CONTEXT: 'new' });
  });

  it('removes DOCKER_CONTEXT alone, and the whole setting when nothing else is left', () => {
    assert.deepStrictEqual(withDockerContext({ DOCKER_CONTEXT: 'prod', DOCKER_CERT_PATH: '/c' }, undefined), { DOCKER_CERT_PATH: '/c' });
    assert.strictEqual(withDockerContext({ DOCKER_CONTEXT: 'prod' }, undefined), undefined);
    assert.strictEqual(withDockerContext('not an object', undefined), undefined);
  });
});
