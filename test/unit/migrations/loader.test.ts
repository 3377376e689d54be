import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../../../src/config/config.js';
import { MigrationLoader } from '../../../src/migrations/loader.js';
import { CircularDependencyError, MigrationFileError, NodeNotFoundError } from '../../../src/migrations/errors.js';
import { resolveModel } from '../../../src/state/resolved-model.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations-fixtures/loader');

function apps(situation: string, ...labels: string[]): AppConfig[] {
  return labels.map((label) => ({ label, path: path.join(fixtures, situation, label) }));
}

describe('MigrationLoader', () => {
  it('builds the graph across apps, resolving __first__', async () => {
    const loader = await MigrationLoader.load(apps('basic', 'library', 'shop'));
    assert.deepEqual(loader.graph.leafNodes(), ['library.0002_author_age', 'shop.0001_initial']);
    assert.deepEqual(loader.graph.parentsOf('shop.0001_initial'), ['library.0001_initial']);
    const migration = loader.graph.nodes.get('library.0002_author_age')!;
    assert.equal(migration.appLabel, 'library');
    assert.match(migration.checksum!, /^[0-9a-f]{64}$/);
  });

  it('replays the state from operations alone', async () => {
    const loader = await MigrationLoader.load(apps('basic', 'library', 'shop'));
    const state = loader.projectState();
    assert.deepEqual(state.getModel('library', 'author').fields.map(([n]) => n), ['id', 'name', 'age']);
    const sale = resolveModel(state, 'shop', 'sale');
    assert.equal(sale.table, 'shop_sale');
    assert.equal(sale.columns[1]!.references?.table, 'library_author');
    const before = loader.projectState(['library.0002_author_age'], false);
    assert.deepEqual(before.getModel('library', 'author').fields.map(([n]) => n), ['id', 'name']);
  });

  it('names the file that depends on a missing migration', async () => {
    await assert.rejects(MigrationLoader.load(apps('missing-dependency', 'library')), (e: unknown) =>
      e instanceof NodeNotFoundError && e.file!.endsWith('0002_second.ts') && /0000_nowhere/.test(e.message));
  });

  it('refuses a dependency cycle across apps', async () => {
    await assert.rejects(MigrationLoader.load(apps('cycle', 'library', 'shop')), CircularDependencyError);
  });

  it('detects two leaves in one app as a conflict', async () => {
    const loader = await MigrationLoader.load(apps('conflict', 'library'));
    assert.deepEqual([...loader.detectConflicts()], [['library', ['0002_left', '0002_right']]]);
  });

  it('reports a syntax error with the file and line, without a stack', async () => {
    await assert.rejects(MigrationLoader.load(apps('syntax-error', 'library')), (e: unknown) =>
      e instanceof MigrationFileError && e.file!.endsWith('0002_broken.ts') && /^line \d+:\d+: /.test(e.message) && !e.message.includes('\n'));
  });

  it('names the migration and operation that refer to an unknown model', async () => {
    const loader = await MigrationLoader.load(apps('bad-operation', 'library'));
    assert.throws(() => loader.projectState(), (e: unknown) =>
      e instanceof MigrationFileError && e.file!.endsWith('0002_unknown_model.ts') && /operation #1 \(AddField\).*publisher/.test(e.message));
  });

  it('uses a squashed migration when none or all of the replaced ones are applied', async () => {
    const none = await MigrationLoader.load(apps('squashed', 'library'));
    assert.deepEqual([...none.graph.nodes.keys()], ['library.0001_squashed_0002_author_age']);
    const all = await MigrationLoader.load(apps('squashed', 'library'), new Set(['library.0001_initial', 'library.0002_author_age']));
    assert.deepEqual([...all.graph.nodes.keys()], ['library.0001_squashed_0002_author_age']);
    const some = await MigrationLoader.load(apps('squashed', 'library'), new Set(['library.0001_initial']));
    assert.deepEqual([...some.graph.nodes.keys()].sort(), ['library.0001_initial', 'library.0002_author_age']);
  });
});
