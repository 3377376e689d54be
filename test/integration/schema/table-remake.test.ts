import { strict as assert } from 'node:assert';
import { fields } from '../../../src/migrations/fields.js';
import { AddConstraint, AddField, AlterField, RemoveField } from '../../../src/migrations/operations/index.js';
import { CheckConstraint, UniqueConstraint } from '../../../src/models/indexes.js';
import { Q } from '../../../src/query/q.js';
import { describeEachBackend } from '../../support/backends.js';
import { authorKey, column, createAuthor, createBook, foreignKeyOn, insert, isUnique, rowsOf } from './fixtures.js';
import { useTestDatabase } from './harness.js';

describeEachBackend('schema editor: every row survives a series of changes', (backend) => {
  const t = useTestDatabase(backend);

  it('keeps the rows and the references to them through type, null, unique, constraint and column changes', async () => {
    const initial = await t.migrate([
      createAuthor(),
      createBook([
        ['author', authorKey()],
        ['pages', fields.IntegerField({ null: true })],
        ['code', fields.CharField({ maxLength: 10 })],
        ['readers', fields.ManyToManyField({ to: 'library.author' })],
        ['note', fields.TextField({ null: true })],
      ]),
    ]);
    await insert(t.db, 'library_author', [{ name: 'a' }, { name: 'b' }]);
    await insert(t.db, 'library_book', [
      { title: 'one', author_id: 1, pages: null, code: 'c1', note: 'n' },
      { title: 'two', author_id: 2, pages: 20, code: 'c2', note: null },
      { title: 'three', author_id: 1, pages: 30, code: 'c3', note: 'n' },
    ]);
    await insert(t.db, 'library_book_readers', [{ book_id: 1, author_id: 2 }, { book_id: 3, author_id: 1 }]);
    const before = await rowsOf(t.db, 'library_book', ['id', 'title', 'author_id', 'code']);

    const ops = [
      new AddField({ modelName: 'Book', name: 'rating', field: fields.FloatField({ default: 2.5 }) }),
      new AlterField({ modelName: 'Book', name: 'pages', field: fields.BigIntegerField({ default: 0 }) }),
      new AlterField({ modelName: 'Book', name: 'code', field: fields.CharField({ maxLength: 40, unique: true, dbColumn: 'sku' }) }),
      new AddConstraint({ modelName: 'Book', constraint: CheckConstraint({ condition: Q({ rating__gte: 0 }), name: 'book_rating_positive' }) }),
      new AddConstraint({ modelName: 'Book', constraint: UniqueConstraint({ fields: ['title', 'author'], name: 'book_title_author_uniq' }) }),
      new AddField({ modelName: 'Book', name: 'isbn', field: fields.CharField({ maxLength: 13, null: true, unique: true }) }),
      new RemoveField({ modelName: 'Book', name: 'note' }),
    ];
    const after = await t.migrate(ops, initial);
    const book = await t.table('library_book');
    assert.deepEqual(book.columns.map((c) => c.name).sort(), ['author_id', 'id', 'isbn', 'pages', 'rating', 'sku', 'title']);
    assert.equal(column(book, 'pages').nullable, false);
    assert.ok(isUnique(book, ['sku']));
    assert.ok(isUnique(book, ['isbn']));
    assert.equal(foreignKeyOn(book, 'author_id')?.table, 'library_author');
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['id', 'author_id', 'pages', 'rating', 'sku']), [
      { id: '1', author_id: '1', pages: '0', rating: '2.5', sku: 'c1' },
      { id: '2', author_id: '2', pages: '20', rating: '2.5', sku: 'c2' },
      { id: '3', author_id: '1', pages: '30', rating: '2.5', sku: 'c3' },
    ]);
    assert.deepEqual(await rowsOf(t.db, 'library_book_readers', ['book_id', 'author_id']), [{ book_id: '1', author_id: '2' }, { book_id: '3', author_id: '1' }]);
    assert.equal(foreignKeyOn(await t.table('library_book_readers'), 'book_id')?.table, 'library_book');

    await t.unmigrate(ops, initial);
    assert.deepEqual((await t.table('library_book')).columns.map((c) => c.name).sort(), ['author_id', 'code', 'id', 'note', 'pages', 'title']);
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['id', 'title', 'author_id', 'code']), before);
    assert.equal(after.getModel('library', 'book').fields.some(([name]) => name === 'note'), false);
  });
});

