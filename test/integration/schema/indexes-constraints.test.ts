import { strict as assert } from 'node:assert';
import { fields } from '../../../src/migrations/fields.js';
import { AddConstraint, AddIndex, RemoveIndex } from '../../../src/migrations/operations/index.js';
import { CheckConstraint, Index, UniqueConstraint } from '../../../src/models/indexes.js';
import { F } from '../../../src/query/expressions.js';
import { Q } from '../../../src/query/q.js';
import { describeEachBackend } from '../../support/backends.js';
import { assertIntegrityError, createBook, insert, isUnique, rowsOf } from './fixtures.js';
import { useTestDatabase } from './harness.js';

const bookFields = () => createBook([
  ['pages', fields.IntegerField()],
  ['maxPages', fields.IntegerField({ default: 1000 })],
  ['pubdate', fields.DateField({ null: true })],
  ['status', fields.CharField({ maxLength: 10, default: 'draft' })],
]);

/** A full row: Django keeps defaults out of the database, so every column is given. */
const row = (values: Record<string, unknown>) => ({ title: 't', pages: 1, max_pages: 1000, pubdate: null, status: 'draft', ...values });

describeEachBackend('schema editor: indexes and constraints', (backend) => {
  const t = useTestDatabase(backend);

  it('adds a Meta index with a descending column and removes it by name, both ways', async () => {
    const initial = await t.migrate([bookFields()]);
    const add = new AddIndex({ modelName: 'Book', index: Index({ fields: ['-pubdate', 'title'], name: 'book_pub_title_idx' }) });
    const withIndex = await t.migrate([add], initial);
    let index = (await t.table('library_book')).indexes.find((i) => i.name === 'book_pub_title_idx');
    assert.deepEqual(index?.columns, ['-pubdate', 'title']);

    const remove = new RemoveIndex({ modelName: 'Book', name: 'book_pub_title_idx' });
    await t.migrate([remove], withIndex);
    assert.equal((await t.table('library_book')).indexes.find((i) => i.name === 'book_pub_title_idx'), undefined);
    await t.unmigrate([remove], withIndex);
    index = (await t.table('library_book')).indexes.find((i) => i.name === 'book_pub_title_idx');
    assert.deepEqual(index?.columns, ['-pubdate', 'title']);
    await t.unmigrate([add], initial);
    assert.equal((await t.table('library_book')).indexes.find((i) => i.name === 'book_pub_title_idx'), undefined);
  });

  it('makes an index with a condition partial where the database supports it (MySQL ignores the condition, as Django)', async () => {
    const initial = await t.migrate([bookFields()]);
    await t.migrate([new AddIndex({ modelName: 'Book', index: Index({ fields: ['title'], name: 'book_published_title_idx', condition: Q({ status: 'published' }) }) })], initial);
    const index = (await t.table('library_book')).indexes.find((i) => i.name === 'book_published_title_idx');
    assert.ok(index);
    assert.equal(index.partial, backend.name !== 'mysql');
  });

  it('adds a check constraint that refuses rows breaking it, with F() and lookups, and removes it backwards', async () => {
    const initial = await t.migrate([bookFields()]);
    await insert(t.db, 'library_book', [row({ title: 'ok', pages: 10, max_pages: 100 })]);
    const op = new AddConstraint({
      modelName: 'Book',
      constraint: CheckConstraint({
        condition: Q({ pages__gt: 0, pages__lte: F('maxPages') }).and(Q({ status__in: ['draft', 'published'] })),
        name: 'book_pages_valid',
      }),
    });
    await t.migrate([op], initial);
    assert.ok((await t.table('library_book')).checks.includes('book_pages_valid'));
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['title']), [{ title: 'ok' }]);
    await assertIntegrityError(t, insert(t.db, 'library_book', [row({ title: 'zero', pages: 0, max_pages: 100 })]));
    await assertIntegrityError(t, insert(t.db, 'library_book', [row({ title: 'long', pages: 101, max_pages: 100 })]));
    await assertIntegrityError(t, insert(t.db, 'library_book', [row({ title: 'odd', pages: 1, max_pages: 100, status: 'odd' })]));
    await insert(t.db, 'library_book', [row({ title: 'fine', pages: 100, max_pages: 100, status: 'published' })]);

    await t.unmigrate([op], initial);
    assert.ok(!(await t.table('library_book')).checks.includes('book_pages_valid'));
    await insert(t.db, 'library_book', [row({ title: 'zero', pages: 0, max_pages: 100 })]);
    assert.equal((await rowsOf(t.db, 'library_book', ['title'])).length, 3);
  });

  it('compiles negation, OR, XOR, isnull, range and pattern lookups into working checks', async () => {
    const initial = await t.migrate([bookFields()]);
    const constraints = [
      CheckConstraint({ condition: Q({ title__startswith: '50%_' }).not(), name: 'title_not_escaped_prefix' }),
      CheckConstraint({ condition: Q({ pubdate__isnull: true }).or({ pubdate__range: ['2000-01-01', '2030-12-31'] }), name: 'pubdate_in_range' }),
      CheckConstraint({ condition: Q({ pages__lt: 10 }).xor({ status: 'long' }), name: 'long_xor_short' }),
      CheckConstraint({ condition: Q({ title__contains: "'" }).not(), name: 'title_without_quote' }),
    ];
    await t.migrate(constraints.map((constraint) => new AddConstraint({ modelName: 'Book', constraint })), initial);
    const ok = { pages: 1, status: 'draft' };
    await insert(t.db, 'library_book', [row({ ...ok, title: '50%x' }), row({ ...ok, title: '50x_' }), row({ pages: 20, status: 'long', title: 'y', pubdate: '2010-05-05' })]);
    await assertIntegrityError(t, insert(t.db, 'library_book', [row({ ...ok, title: '50%_tail' })]));
    await assertIntegrityError(t, insert(t.db, 'library_book', [row({ ...ok, title: 'a', pubdate: '1999-12-31' })]));
    await assertIntegrityError(t, insert(t.db, 'library_book', [row({ pages: 20, status: 'draft', title: 'b' })]));
    await assertIntegrityError(t, insert(t.db, 'library_book', [row({ pages: 1, status: 'long', title: 'c' })]));
    await assertIntegrityError(t, insert(t.db, 'library_book', [row({ ...ok, title: "it's" })]));
  });

  it('adds a named unique constraint and a conditional one (a partial unique index; ignored by MySQL), and removes them', async () => {
    const initial = await t.migrate([bookFields()]);
    const ops = [
      new AddConstraint({ modelName: 'Book', constraint: UniqueConstraint({ fields: ['title', 'pages'], name: 'book_title_pages_uniq' }) }),
      new AddConstraint({ modelName: 'Book', constraint: UniqueConstraint({ fields: ['title'], name: 'book_published_title_uniq', condition: Q({ status: 'published' }) }) }),
    ];
    await t.migrate(ops, initial);
    const book = await t.table('library_book');
    assert.ok(isUnique(book, ['title', 'pages']));
    const partial = book.indexes.find((i) => i.name === 'book_published_title_uniq');
    if (backend.name === 'mysql') assert.equal(partial, undefined);
    else assert.ok(partial?.unique && partial.partial);
    await insert(t.db, 'library_book', [row({ title: 'a', pages: 1, status: 'published' }), row({ title: 'a', pages: 2 })]);
    await assertIntegrityError(t, insert(t.db, 'library_book', [row({ title: 'a', pages: 1 })]));
    const secondPublished = insert(t.db, 'library_book', [row({ title: 'a', pages: 3, status: 'published' })]);
    if (backend.name === 'mysql') await secondPublished;
    else await assertIntegrityError(t, secondPublished);

    await t.db.deleteFrom('library_book').execute();
    await t.unmigrate(ops, initial);
    const after = await t.table('library_book');
    assert.equal(isUnique(after, ['title', 'pages']), false);
    assert.equal(after.indexes.find((i) => i.name === 'book_published_title_uniq'), undefined);
  });
});
