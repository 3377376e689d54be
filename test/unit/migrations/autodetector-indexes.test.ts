import assert from 'node:assert/strict';
import { ScriptedQuestioner } from '../../../src/migrations/questioners.js';
import { CheckConstraint, Index, UniqueConstraint } from '../../../src/models/indexes.js';
import { Q } from '../../../src/query/q.js';
import {
  assertOperationAttributes, assertOperationTypes, createdFields, getChanges,
} from '../../support/autodetector-helpers.js';
import { authorEmpty, bookIndexed } from './fixtures/model-states.js';

const leaves = { leaves: { otherapp: '0001_initial', testapp: '0001_initial' } };
const byTitle = Index({ fields: ['title'], name: 'book_title_idx' });
const byTitleDesc = Index({ fields: ['-title'], name: 'book_title_idx' });
const byAuthor = Index({ fields: ['author', 'title'], name: 'book_author_title_idx' });
const titleUnique = UniqueConstraint({ fields: ['title'], name: 'book_title_unique' });
const titleNotEmpty = CheckConstraint({ condition: Q({ title: '' }).not(), name: 'book_title_not_empty' });

describe('MigrationAutodetector: indexes and constraints', () => {
  it('creates a model, then its Meta indexes and constraints with AddIndex/AddConstraint', async () => {
    const changes = await getChanges([authorEmpty], [authorEmpty, bookIndexed([byTitle], [titleUnique])]);
    assertOperationTypes(changes, 'otherapp', 0, ['CreateModel', 'AddIndex', 'AddConstraint']);
    assertOperationAttributes(changes, 'otherapp', 0, 0, { options: {} });
    assertOperationAttributes(changes, 'otherapp', 0, 1, { modelName: 'book', index: byTitle });
    assertOperationAttributes(changes, 'otherapp', 0, 2, { modelName: 'book', constraint: titleUnique });
    // The foreign key the index covers is inline: the index comes after it.
    assert.deepEqual(createdFields(changes, 'otherapp', 0, 0), ['id:AutoField', 'author:ForeignKey', 'title:CharField']);
  });

  it('adds and removes indexes of a kept model', async () => {
    const added = await getChanges([authorEmpty, bookIndexed([])], [authorEmpty, bookIndexed([byTitle, byAuthor])], undefined, leaves);
    assertOperationTypes(added, 'otherapp', 0, ['AddIndex', 'AddIndex']);
    assert.equal(added.get('otherapp')![0]!.name, '0002_book_book_title_idx_book_book_author_title_idx');
    const removed = await getChanges([authorEmpty, bookIndexed([byTitle])], [authorEmpty, bookIndexed([])], undefined, leaves);
    assertOperationTypes(removed, 'otherapp', 0, ['RemoveIndex']);
    assertOperationAttributes(removed, 'otherapp', 0, 0, { modelName: 'book', name: 'book_title_idx' });
    assert.equal(removed.get('otherapp')![0]!.name, '0002_remove_book_book_title_idx');
  });

  it('removes and re-adds an index whose definition changed', async () => {
    const changes = await getChanges([authorEmpty, bookIndexed([byTitle])], [authorEmpty, bookIndexed([byTitleDesc])], undefined, leaves);
    assertOperationTypes(changes, 'otherapp', 0, ['RemoveIndex', 'AddIndex']);
    assertOperationAttributes(changes, 'otherapp', 0, 1, { index: byTitleDesc });
  });

  it('adds, removes and changes constraints', async () => {
    const added = await getChanges([authorEmpty, bookIndexed([])], [authorEmpty, bookIndexed([], [titleUnique, titleNotEmpty])], undefined, leaves);
    assertOperationTypes(added, 'otherapp', 0, ['AddConstraint', 'AddConstraint']);
    const removed = await getChanges([authorEmpty, bookIndexed([], [titleNotEmpty])], [authorEmpty, bookIndexed([])], undefined, leaves);
    assertOperationTypes(removed, 'otherapp', 0, ['RemoveConstraint']);
    const stricter = CheckConstraint({ condition: Q({ title: '' }).or({ title: 'untitled' }).not(), name: 'book_title_not_empty' });
    const changed = await getChanges([authorEmpty, bookIndexed([], [titleNotEmpty])], [authorEmpty, bookIndexed([], [stricter])], undefined, leaves);
    assertOperationTypes(changed, 'otherapp', 0, ['RemoveConstraint', 'AddConstraint']);
  });

  it('finds no change in equal indexes and constraints built separately', async () => {
    const again = () => bookIndexed([Index({ fields: ['title'], name: 'book_title_idx' })], [CheckConstraint({ check: Q({ title: '' }).not(), name: 'book_title_not_empty' })]);
    const changes = await getChanges([authorEmpty, again()], [authorEmpty, again()], undefined, leaves);
    assert.equal(changes.size, 0);
  });

  it('removes an index before the field it covers, and adds one after its new field', async () => {
    const before = bookIndexed([byAuthor]);
    const after = bookIndexed([]);
    const noAuthor = { ...after, fields: after.fields.filter(([name]) => name !== 'author') };
    const changes = await getChanges([authorEmpty, before], [authorEmpty, noAuthor], undefined, leaves);
    assertOperationTypes(changes, 'otherapp', 0, ['RemoveIndex', 'RemoveField']);
    const questioner = new ScriptedQuestioner({ notNullAddition: { 'book.author': 1 } });
    const back = await getChanges([authorEmpty, { ...before, fields: noAuthor.fields, options: {} }], [authorEmpty, before], questioner, leaves);
    assertOperationTypes(back, 'otherapp', 0, ['AddField', 'AddIndex']);
  });
});
