import assert from 'node:assert/strict';
import { emptyMigration } from '../../../src/migrations/autodetector.js';
import { fields } from '../../../src/migrations/fields.js';
import {
  assertMigrationDependencies, assertNumberMigrations, assertOperationAttributes, assertOperationTypes, createdFields, getChanges,
} from '../../support/autodetector-helpers.js';
import { authorEmpty, authorWithBook, model, otherBook, otherBookNoAuthor, otherStable, thirdThing } from './fixtures/model-states.js';

describe('MigrationAutodetector: dependencies between apps', () => {
  it('depends on the current leaf of an app whose model already exists', async () => {
    const changes = await getChanges([authorEmpty], [authorEmpty, otherBook], undefined, { leaves: { testapp: '0003_auto' } });
    assertNumberMigrations(changes, 'otherapp', 1);
    assert.equal(changes.has('testapp'), false);
    assertMigrationDependencies(changes, 'otherapp', 0, [['testapp', '0003_auto']]);
    assert.deepEqual(createdFields(changes, 'otherapp', 0, 0), ['id:AutoField', 'author:ForeignKey', 'title:CharField']);
  });

  it('depends on __first__ of an app without migrations', async () => {
    const changes = await getChanges([authorEmpty], [authorEmpty, otherBook]);
    assertMigrationDependencies(changes, 'otherapp', 0, [['testapp', '__first__']]);
  });

  it('depends on the new migration of an app created in the same run', async () => {
    const changes = await getChanges([], [authorEmpty, otherBook]);
    assertMigrationDependencies(changes, 'otherapp', 0, [['testapp', '0001_initial']]);
    assertMigrationDependencies(changes, 'testapp', 0, []);
  });

  it('depends on the new numbered migration of an app with migrations', async () => {
    const before = [model('testapp', 'Old')];
    const changes = await getChanges(before, [...before, authorEmpty, otherBook], undefined, { leaves: { testapp: '0004_old' } });
    assertMigrationDependencies(changes, 'testapp', 0, [['testapp', '0004_old']]);
    assertMigrationDependencies(changes, 'otherapp', 0, [['testapp', '0005_author']]);
  });

  it('splits circular foreign keys between two apps: CreateModel first, then AddField in a second migration', async () => {
    const changes = await getChanges([], [authorWithBook, otherBook]);
    assertNumberMigrations(changes, 'otherapp', 2);
    assertOperationTypes(changes, 'otherapp', 0, ['CreateModel']);
    assert.deepEqual(createdFields(changes, 'otherapp', 0, 0), ['id:AutoField', 'title:CharField']);
    assertOperationTypes(changes, 'otherapp', 1, ['AddField']);
    assertOperationAttributes(changes, 'otherapp', 1, 0, { modelName: 'book', name: 'author' });
    assertNumberMigrations(changes, 'testapp', 1);
    assertOperationTypes(changes, 'testapp', 0, ['CreateModel']);
    assert.deepEqual(createdFields(changes, 'testapp', 0, 0), ['id:AutoField', 'name:CharField', 'book:ForeignKey']);

    assertMigrationDependencies(changes, 'otherapp', 0, []);
    assertMigrationDependencies(changes, 'testapp', 0, [['otherapp', '0001_initial']]);
    assertMigrationDependencies(changes, 'otherapp', 1, [['otherapp', '0001_initial'], ['testapp', '0001_initial']]);
    // Both parts are initial migrations, so the second is named initial too, as Django names it.
    const [first, second] = changes.get('otherapp')!;
    assert.deepEqual([first!.name, first!.initial, second!.name, second!.initial], ['0001_initial', true, '0002_initial', true]);
  });

  it('adds a foreign key to another app\'s new model after that model exists', async () => {
    const shelved = model('otherapp', 'Book', [
      ['title', fields.CharField({ maxLength: 200 })],
      ['shelf', fields.ForeignKey({ to: 'testapp.shelf', onDelete: 'SET_NULL', null: true })],
    ]);
    const changes = await getChanges([authorEmpty, otherBookNoAuthor], [authorEmpty, shelved, model('testapp', 'Shelf')], undefined, {
      leaves: { testapp: '0001_initial', otherapp: '0001_initial' },
    });
    assertOperationTypes(changes, 'testapp', 0, ['CreateModel']);
    assertOperationTypes(changes, 'otherapp', 0, ['AddField']);
    assertMigrationDependencies(changes, 'otherapp', 0, [['otherapp', '0001_initial'], ['testapp', '0002_shelf']]);
  });

  it('trims the result to the given apps and the apps they need', async () => {
    const all = [authorEmpty, otherBook, otherStable, thirdThing];
    const changes = await getChanges([], all, undefined, { apps: ['otherapp'] });
    assert.deepEqual([...changes.keys()].sort(), ['otherapp', 'testapp']);
    const alone = await getChanges([], all, undefined, { apps: ['thirdapp'] });
    assert.deepEqual([...alone.keys()], ['thirdapp']);
  });

  it('numbers new migrations after the leaf given by nextNumber', async () => {
    const changes = await getChanges([authorEmpty], [model('testapp', 'Author', [['name', fields.TextField({ null: true })]])], undefined, {
      leaves: { testapp: '0007_x' },
      nextNumber: () => 12,
    });
    assert.equal(changes.get('testapp')![0]!.name, '0012_author_name');
  });

  it('plans an empty migration for --empty', () => {
    const now = new Date(Date.UTC(2024, 4, 6, 7, 8));
    assert.deepEqual(emptyMigration({ appLabel: 'testapp', leaf: '0002_x', number: 3, now }), {
      appLabel: 'testapp', name: '0003_auto_20240506_0708', operations: [], dependencies: [['testapp', '0002_x']], initial: false,
    });
    assert.equal(emptyMigration({ appLabel: 'testapp', number: 1, name: 'start' }).name, '0001_start');
  });
});
