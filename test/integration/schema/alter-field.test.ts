import { strict as assert } from 'node:assert';
import { fields } from '../../../src/migrations/fields.js';
import { AlterField, CreateModel } from '../../../src/migrations/operations/index.js';
import { describeEachBackend } from '../../support/backends.js';
import {
  assertIntegrityError, authorKey, column, createAuthor, createBook, foreignKeyOn, indexesOn, insert, isUnique, rowsOf,
} from './fixtures.js';
import { useTestDatabase } from './harness.js';

const alter = (name: string, field: ReturnType<typeof fields.CharField>) => new AlterField({ modelName: 'Book', name, field });

describeEachBackend('schema editor: alterField', (backend) => {
  const t = useTestDatabase(backend);

  it('changes a length and a type keeping the data, and changes them back', async () => {
    const initial = await t.migrate([createBook([['code', fields.CharField({ maxLength: 10 })], ['pages', fields.IntegerField()]])]);
    await insert(t.db, 'library_book', [{ title: 'a', code: 'abc', pages: 3 }]);
    const ops = [alter('code', fields.CharField({ maxLength: 50 })), alter('pages', fields.BigIntegerField())];
    await t.migrate(ops, initial);
    let book = await t.table('library_book');
    assert.equal(column(book, 'code').type, 'varchar(50)');
    assert.equal(column(book, 'pages').type, 'bigint');
    await insert(t.db, 'library_book', [{ title: 'b', code: 'x'.repeat(40), pages: 2 ** 40 }]);
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['code', 'pages']), [{ code: 'abc', pages: '3' }, { code: 'x'.repeat(40), pages: String(2 ** 40) }]);

    await t.db.deleteFrom('library_book').where('title', '=', 'b').execute();
    await t.unmigrate(ops, initial);
    book = await t.table('library_book');
    assert.equal(column(book, 'code').type, 'varchar(10)');
    assert.equal(column(book, 'pages').type, backend.name === 'postgres' ? 'integer' : backend.name === 'mysql' ? 'int' : 'integer');
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['code', 'pages']), [{ code: 'abc', pages: '3' }]);
  });

  it('turns an indexed CharField into a TextField and back, keeping the data and the index', async () => {
    const initial = await t.migrate([createBook([['code', fields.CharField({ maxLength: 10, dbIndex: true })]])]);
    await insert(t.db, 'library_book', [{ title: 'a', code: 'abc' }]);
    const op = alter('code', fields.TextField({ dbIndex: true }));
    await t.migrate([op], initial);
    let book = await t.table('library_book');
    assert.equal(column(book, 'code').type, backend.name === 'mysql' ? 'longtext' : 'text');
    // MySQL cannot index a TEXT column without a prefix: Django leaves it unindexed.
    assert.equal(indexesOn(book, ['code']).length, { postgres: 2, mysql: 0, sqlite: 1 }[backend.name]);
    await t.unmigrate([op], initial);
    book = await t.table('library_book');
    assert.equal(column(book, 'code').type, 'varchar(10)');
    assert.equal(indexesOn(book, ['code']).length, backend.name === 'postgres' ? 2 : 1);
    if (backend.name === 'postgres') {
      assert.deepEqual(indexesOn(book, ['code']).map((i) => i.name).sort(), ['library_book_code_b5f77c04', 'library_book_code_b5f77c04_like']);
    }
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['code']), [{ code: 'abc' }]);
  });

  it('makes a nullable column NOT NULL filling NULLs with the default, without leaving a database default', async () => {
    const initial = await t.migrate([createBook([['pages', fields.IntegerField({ null: true })]])]);
    await insert(t.db, 'library_book', [{ title: 'a', pages: null }, { title: 'b', pages: 5 }]);
    const op = alter('pages', fields.IntegerField({ default: 1 }));
    await t.migrate([op], initial);
    const pages = column(await t.table('library_book'), 'pages');
    assert.equal(pages.nullable, false);
    assert.equal(pages.default, null);
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['pages']), [{ pages: '1' }, { pages: '5' }]);
    await assert.rejects(insert(t.db, 'library_book', [{ title: 'c' }]));

    await t.unmigrate([op], initial);
    assert.equal(column(await t.table('library_book'), 'pages').nullable, true);
    await insert(t.db, 'library_book', [{ title: 'd', pages: null }]);
  });

  it('adds a unique constraint named as Django names it, and removes it backwards', async () => {
    const initial = await t.migrate([createBook([['isbn', fields.CharField({ maxLength: 13 })]])]);
    await insert(t.db, 'library_book', [{ title: 'a', isbn: '1' }]);
    const op = alter('isbn', fields.CharField({ maxLength: 13, unique: true }));
    await t.migrate([op], initial);
    let book = await t.table('library_book');
    assert.ok(isUnique(book, ['isbn']));
    const names = [...book.uniques, ...book.indexes].map((u) => u.name);
    // SQLite remakes the table with an inline UNIQUE, as Django does.
    if (backend.name !== 'sqlite') assert.ok(names.includes('library_book_isbn_0cd15ca6_uniq'), names.join(', '));
    if (backend.name === 'postgres') assert.ok(names.includes('library_book_isbn_0cd15ca6_like'));
    await assertIntegrityError(t, insert(t.db, 'library_book', [{ title: 'b', isbn: '1' }]));

    await t.unmigrate([op], initial);
    book = await t.table('library_book');
    assert.equal(isUnique(book, ['isbn']), false);
    assert.deepEqual(indexesOn(book, ['isbn']), []);
    await insert(t.db, 'library_book', [{ title: 'b', isbn: '1' }]);
  });

  it('removes a unique created with the table, finding the name the database gave it', async () => {
    const initial = await t.migrate([createBook([['isbn', fields.CharField({ maxLength: 13, unique: true })]])]);
    const op = alter('isbn', fields.CharField({ maxLength: 13 }));
    await t.migrate([op], initial);
    const book = await t.table('library_book');
    assert.equal(isUnique(book, ['isbn']), false);
    assert.deepEqual(indexesOn(book, ['isbn']), []);
    await insert(t.db, 'library_book', [{ title: 'a', isbn: '1' }, { title: 'b', isbn: '1' }]);
  });

  it('adds and removes a dbIndex', async () => {
    const initial = await t.migrate([createBook([['code', fields.CharField({ maxLength: 10 })]])]);
    const op = alter('code', fields.CharField({ maxLength: 10, dbIndex: true }));
    await t.migrate([op], initial);
    const names = indexesOn(await t.table('library_book'), ['code']).map((i) => i.name).sort();
    assert.deepEqual(names, backend.name === 'postgres'
      ? ['library_book_code_b5f77c04', 'library_book_code_b5f77c04_like']
      : ['library_book_code_b5f77c04']);
    await t.unmigrate([op], initial);
    assert.deepEqual(indexesOn(await t.table('library_book'), ['code']), []);
  });

  it('renames a column (dbColumn) keeping its data, index and foreign key', async () => {
    const initial = await t.migrate([createAuthor(), createBook([
      ['code', fields.CharField({ maxLength: 10, dbIndex: true })],
      ['author', authorKey({ null: true })],
    ])]);
    await insert(t.db, 'library_author', [{ name: 'n' }]);
    await insert(t.db, 'library_book', [{ title: 'a', code: 'c1', author_id: 1 }]);
    const ops = [
      alter('code', fields.CharField({ maxLength: 10, dbIndex: true, dbColumn: 'reference' })),
      new AlterField({ modelName: 'Book', name: 'author', field: authorKey({ null: true, dbColumn: 'writer_id' }) }),
    ];
    await t.migrate(ops, initial);
    let book = await t.table('library_book');
    assert.deepEqual(book.columns.map((c) => c.name), ['id', 'title', 'reference', 'writer_id']);
    assert.equal(indexesOn(book, ['reference']).length, backend.name === 'postgres' ? 2 : 1);
    assert.equal(foreignKeyOn(book, 'writer_id')?.table, 'library_author');
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['reference', 'writer_id']), [{ reference: 'c1', writer_id: '1' }]);

    await t.unmigrate(ops, initial);
    book = await t.table('library_book');
    assert.deepEqual(book.columns.map((c) => c.name), ['id', 'title', 'code', 'author_id']);
    assert.equal(indexesOn(book, ['code']).length, backend.name === 'postgres' ? 2 : 1);
    assert.equal(foreignKeyOn(book, 'author_id')?.table, 'library_author');
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['code', 'author_id']), [{ code: 'c1', author_id: '1' }]);
  });

  it('repoints a foreign key to another model, and drops the constraint but keeps the index with dbConstraint false', async () => {
    const initial = await t.migrate([
      createAuthor(),
      createBook(),
      new CreateModel({
        name: 'Review',
        fields: [['id', fields.BigAutoField({ primaryKey: true })], ['subject', authorKey()]],
      }),
    ]);
    const repoint = new AlterField({ modelName: 'Review', name: 'subject', field: fields.ForeignKey({ to: 'library.book', onDelete: 'CASCADE' }) });
    const after = await t.migrate([repoint], initial);
    let review = await t.table('library_review');
    assert.equal(foreignKeyOn(review, 'subject_id')?.table, 'library_book');

    const loosen = new AlterField({ modelName: 'Review', name: 'subject', field: fields.ForeignKey({ to: 'library.book', onDelete: 'CASCADE', dbConstraint: false }) });
    await t.migrate([loosen], after);
    review = await t.table('library_review');
    assert.equal(foreignKeyOn(review, 'subject_id'), undefined);
    assert.equal(indexesOn(review, ['subject_id']).length, 1);
    await t.dialect.runMigration(t.db, true, (db) => insert(db, 'library_review', [{ subject_id: 77 }]));

    await t.db.deleteFrom('library_review').execute();
    await t.unmigrate([loosen], after);
    await t.unmigrate([repoint], initial);
    review = await t.table('library_review');
    assert.equal(foreignKeyOn(review, 'subject_id')?.table, 'library_author');
    assert.equal(indexesOn(review, ['subject_id']).length, 1);
  });

  it('drops the CHECK of a PositiveIntegerField turned IntegerField, and restores it backwards', async () => {
    const initial = await t.migrate([createBook([['pages', fields.PositiveIntegerField()]])]);
    const op = alter('pages', fields.IntegerField());
    await t.migrate([op], initial);
    await insert(t.db, 'library_book', [{ title: 'neg', pages: -5 }]);
    await t.db.deleteFrom('library_book').execute();
    await t.unmigrate([op], initial);
    const negative = insert(t.db, 'library_book', [{ title: 'neg', pages: -5 }]);
    if (backend.name === 'mysql') await assert.rejects(negative, /Out of range/);
    else await assertIntegrityError(t, negative);
  });
  it('renames an auto many-to-many table keeping its rows, and repoints it to another model', async () => {
    const initial = await t.migrate([
      createAuthor(),
      new CreateModel({ name: 'Editor', fields: [['id', fields.BigAutoField({ primaryKey: true })]] }),
      createBook([['authors', fields.ManyToManyField({ to: 'library.author' })]]),
    ]);
    await insert(t.db, 'library_author', [{ name: 'a' }]);
    await insert(t.db, 'library_book', [{ title: 'b' }]);
    await insert(t.db, 'library_book_authors', [{ book_id: 1, author_id: 1 }]);
    const rename = new AlterField({ modelName: 'Book', name: 'authors', field: fields.ManyToManyField({ to: 'library.author', dbTable: 'book_writers' }) });
    const renamed = await t.migrate([rename], initial);
    assert.deepEqual(await t.tables(), ['book_writers', 'library_author', 'library_book', 'library_editor']);
    assert.deepEqual(await rowsOf(t.db, 'book_writers', ['book_id', 'author_id']), [{ book_id: '1', author_id: '1' }]);
    await t.unmigrate([rename], initial);
    assert.ok((await t.tables()).includes('library_book_authors'));

    await t.db.deleteFrom('library_book_authors').execute();
    const repoint = new AlterField({ modelName: 'Book', name: 'authors', field: fields.ManyToManyField({ to: 'library.editor' }) });
    await t.migrate([repoint], initial);
    const through = await t.table('library_book_authors');
    assert.deepEqual(through.columns.map((c) => c.name), ['id', 'book_id', 'editor_id']);
    assert.equal(foreignKeyOn(through, 'editor_id')?.table, 'library_editor');
    assert.ok(isUnique(through, ['book_id', 'editor_id']));
    await t.unmigrate([repoint], initial);
    assert.equal(foreignKeyOn(await t.table('library_book_authors'), 'author_id')?.table, 'library_author');
  });
});
