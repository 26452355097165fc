import * as assert from 'assert';
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { contextDirName } from '../../../src/core/store/contextName';
import { contextMeta, docker, resetStore, testStore, waitForSnapshot } from './hostWorld';
import { internals } from './internals';

describe('Contexts explorer (in the extension host)', () => {
  beforeEach(resetStore);

  it('shows a row for every context the docker CLI lists, default included', async () => {
    const a = await internals();
    const store = testStore();
    await store.write(contextMeta('alpha', 'tcp://alpha.example.com:2376', 'first'));
    await store.write(contextMeta('beta', 'ssh://ops@beta.example.com'));
    await a.model.refresh();
    const rows = await a.view.getChildren();
    const labels = rows.map((r) => a.view.getTreeItem(r).label);
    const cli = (await docker('context', 'ls', '--format', '{{.Name}}')).split('\n').map((n) => n.replace(/ \*$/, ''));
    assert.deepStrictEqual(labels, cli);
    const alpha = a.view.getTreeItem(rows.find((r) => r.kind === 'context' && r.context.name === 'alpha')!);
    assert.strictEqual(alpha.description, 'tcp://alpha.example.com:2376');
    assert.ok(alpha.tooltip instanceof vscode.MarkdownString && alpha.tooltip.value.includes('first'));
  });

  it('marks the current context', async () => {
    const a = await internals();
    await testStore().write(contextMeta('alpha', 'tcp://alpha:2376'));
    await docker('context', 'use', 'alpha');
    await a.model.refresh();
    const items = (await a.view.getChildren()).map((r) => a.view.getTreeItem(r));
    const current = items.filter((i) => String(i.contextValue).startsWith('context.current')).map((i) => i.label);
    assert.deepStrictEqual(current, ['alpha']);
  });

  it('shows a context that `docker context create` makes in a terminal, without a refresh', async () => {
    const a = await internals();
    await a.model.refresh();
    const started = Date.now();
    await docker('context', 'create', 'from-cli', '--docker', 'host=tcp://10.1.2.3:2376', '--description', 'made outside');
    const s = await waitForSnapshot(a, (x) => x.listing.contexts.some((c) => c.name === 'from-cli'));
    console.log(`      appeared ${Date.now() - started} ms after docker context create returned`);
    assert.strictEqual(s.listing.contexts.find((c) => c.name === 'from-cli')?.description, 'made outside');
  });

  it('moves the mark when `docker context use` runs in a terminal', async () => {
    const a = await internals();
    await testStore().write(contextMeta('moved', 'tcp://m:2376'));
    await a.model.refresh();
    await docker('context', 'use', 'moved');
    const s = await waitForSnapshot(a, (x) => x.current.name === 'moved');
    assert.strictEqual(s.current.source, 'config');
  });

  it('shows a damaged entry with its error and keeps the other rows', async () => {
    const a = await internals();
    await testStore().write(contextMeta('fine', 'tcp://f:2376'));
    const dir = path.join(testStore().metaRoot, contextDirName('damaged'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'meta.json'), '{"Name": "damaged", "Endpoints": ');
    await a.model.refresh();
    const rows = await a.view.getChildren();
    assert.deepStrictEqual(
      rows.filter((r) => r.kind === 'context').map((r) => r.kind === 'context' && r.context.name),
      ['default', 'fine'],
    );
    const broken = rows.filter((r) => r.kind === 'broken').map((r) => a.view.getTreeItem(r));
    assert.strictEqual(broken.length, 1);
    assert.strictEqual(broken[0].contextValue, 'broken');
    assert.ok(broken[0].iconPath instanceof vscode.ThemeIcon && broken[0].iconPath.id === 'error');
    assert.ok(broken[0].tooltip instanceof vscode.MarkdownString && /damaged/.test(broken[0].tooltip.value));
  });
});
