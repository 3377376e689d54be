import { strict as assert } from 'node:assert';
import { sql } from 'kysely';
import { fields } from '../../../src/migrations/fields.js';
import { AddField, RemoveField } from '../../../src/migrations/operations/index.js';
import { Index } from '../../../src/models/indexes.js';
import { describeEachBackend } from '../../support/backends.js';
import {
  assertIntegrityError, authorKey, column, createAuthor, createBook, foreignKeyOn, indexesOn, insert, isUnique, rowsOf,
} from './fixtures.js';
import { useTestDatabase } from './harness.js';

describeEachBackend('schema editor: addField and removeField', (backend) => {
  const t = useTestDatabase(backend);

  it('adds a nullable column that existing rows leave NULL, and removes it backwards', async () => {
    const initial = await t.migrate([createBook()]);
    await insert(t.db, 'library_book', [{ title: 'a' }, { title: 'b' }]);
    const op = new AddField({ modelName: 'Book', name: 'subtitle', field: fields.CharField({ maxLength: 50, null: true }) });
    await t.migrate([op], initial);
    const book = await t.table('library_book');
    assert.equal(column(book, 'subtitle').type, 'varchar(50)');
    assert.equal(column(book, 'subtitle').nullable, true);
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['title', 'subtitle']), [{ title: 'a', subtitle: null }, { title: 'b', subtitle: null }]);
    await t.unmigrate([op], initial);
    assert.deepEqual((await t.table('library_book')).columns.map((c) => c.name), ['id', 'title']);
    assert.equal((await rowsOf(t.db, 'library_book', ['title'])).length, 2);
  });

  it('fills existing rows with the default of a new NOT NULL column and keeps no database default (SQLite cannot drop it)', async () => {
    const initial = await t.migrate([createBook()]);
    await insert(t.db, 'library_book', [{ title: 'a' }, { title: 'b' }]);
    await t.migrate([new AddField({ modelName: 'Book', name: 'pages', field: fields.IntegerField({ default: 7 }) })], initial);
    const pages = column(await t.table('library_book'), 'pages');
    assert.equal(pages.nullable, false);
    assert.equal(pages.default, backend.name === 'sqlite' ? '7' : null);
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['pages']), [{ pages: '7' }, { pages: '7' }]);
  });

  it('calls a callable default once for all existing rows', async () => {
    const initial = await t.migrate([createBook()]);
    await insert(t.db, 'library_book', [{ title: 'a' }, { title: 'b' }, { title: 'c' }]);
    let calls = 0;
    const code = () => { calls += 1; return `code-${calls}`; };
    await t.migrate([new AddField({ modelName: 'Book', name: 'code', field: fields.CharField({ maxLength: 20, default: code }) })], initial);
    assert.equal(calls, 1);
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['code']), [{ code: 'code-1' }, { code: 'code-1' }, { code: 'code-1' }]);
  });

  it('adds a foreign key with its constraint and index, and a many-to-many table; removes both backwards', async () => {
    const initial = await t.migrate([createAuthor(), createBook()]);
    const ops = [
      new AddField({ modelName: 'Book', name: 'editor', field: authorKey({ null: true }) }),
      new AddField({ modelName: 'Book', name: 'authors', field: fields.ManyToManyField({ to: 'library.author' }) }),
    ];
    await t.migrate(ops, initial);
    const book = await t.table('library_book');
    assert.equal(foreignKeyOn(book, 'editor_id')?.table, 'library_author');
    assert.equal(indexesOn(book, ['editor_id']).length, 1);
    assert.ok((await t.tables()).includes('library_book_authors'));
    await assertIntegrityError(t, t.dialect.runMigration(t.db, true, (db) => insert(db, 'library_book', [{ title: 'x', editor_id: 99 }])));

    await t.unmigrate(ops, initial);
    assert.deepEqual(await t.tables(), ['library_author', 'library_book']);
    assert.deepEqual((await t.table('library_book')).columns.map((c) => c.name), ['id', 'title']);
  });

  it('adds a unique column to a table with rows, and the uniqueness holds', async () => {
    const initial = await t.migrate([createBook()]);
    await insert(t.db, 'library_book', [{ title: 'a' }]);
    await t.migrate([new AddField({ modelName: 'Book', name: 'isbn', field: fields.CharField({ maxLength: 13, null: true, unique: true }) })], initial);
    const book = await t.table('library_book');
    assert.ok(isUnique(book, ['isbn']));
    await insert(t.db, 'library_book', [{ title: 'b', isbn: '1' }]);
    await assertIntegrityError(t, insert(t.db, 'library_book', [{ title: 'c', isbn: '1' }]));
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['title', 'isbn']), [{ title: 'a', isbn: null }, { title: 'b', isbn: '1' }]);
  });

  it('removes a plain, an indexed and a foreign-key column keeping the rows, and restores them backwards', async () => {
    const initial = await t.migrate([createAuthor(), createBook([
      ['note', fields.TextField({ null: true })],
      ['code', fields.CharField({ maxLength: 10, dbIndex: true, default: 'x' })],
      ['author', authorKey({ null: true })],
    ], { indexes: [Index({ fields: ['title'], name: 'book_title_idx' })] })]);
    await insert(t.db, 'library_author', [{ name: 'n' }]);
    await insert(t.db, 'library_book', [{ title: 'a', note: 'n1', code: 'c1', author_id: 1 }, { title: 'b', note: null, code: 'c2', author_id: null }]);
    const ops = ['note', 'code', 'author'].map((name) => new RemoveField({ modelName: 'Book', name }));
    await t.migrate(ops, initial);
    const book = await t.table('library_book');
    assert.deepEqual(book.columns.map((c) => c.name), ['id', 'title']);
    assert.deepEqual(book.foreignKeys, []);
    assert.deepEqual(book.indexes.map((i) => i.name), ['book_title_idx']);
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['title']), [{ title: 'a' }, { title: 'b' }]);

    await t.unmigrate(ops, initial);
    const restored = await t.table('library_book');
    assert.deepEqual(restored.columns.map((c) => c.name).sort(), ['author_id', 'code', 'id', 'note', 'title']);
    assert.equal(foreignKeyOn(restored, 'author_id')?.table, 'library_author');
    assert.equal(indexesOn(restored, ['code']).length, backend.name === 'postgres' ? 2 : 1);
    assert.deepEqual(await rowsOf(t.db, 'library_book', ['title', 'code']), [{ title: 'a', code: 'x' }, { title: 'b', code: 'x' }]);
  });
});

describeEachBackend('schema editor: defaults of every kind', (backend) => {
  const t = useTestDatabase(backend);

  it('fills existing rows with literal defaults converted as each backend stores them', async () => {
    const initial = await t.migrate([createBook()]);
    await insert(t.db, 'library_book', [{ title: 'a' }]);
    const add = (name: string, field: ReturnType<typeof fields.IntegerField>) => new AddField({ modelName: 'Book', name, field });
    await t.migrate([
      add('active', fields.BooleanField({ default: true })),
      add('price', fields.DecimalField({ maxDigits: 6, decimalPlaces: 2, default: '1.50' })),
      add('uid', fields.UUIDField({ default: '6f1c7a7e-0d6b-4c1b-9a55-3f1f2b0c9d11' })),
      add('length', fields.DurationField({ default: 1500 })),
      add('data', fields.JSONField({ default: { tags: ["it's"] } })),
      add('blob', fields.BinaryField({ default: Buffer.from([1, 2, 255]) })),
      add('published', fields.DateField({ default: new Date('2020-02-03T00:00:00Z') })),
      add('stamp', fields.DateTimeField({ default: new Date('2020-02-03T04:05:06.789Z') })),
      add('blurb', fields.TextField({ blank: true })),
    ], initial);
    const { rows } = await sql<Record<string, unknown>>`select * from library_book`.execute(t.db);
    const row = rows[0]!;
    assert.equal(Number(row.active), 1);
    assert.equal(Number(row.price), 1.5);
    assert.equal(String(row.uid).replace(/-/g, ''), '6f1c7a7e0d6b4c1b9a553f1f2b0c9d11');
    assert.deepEqual(typeof row.data === 'string' ? JSON.parse(row.data) : row.data, { tags: ["it's"] });
    assert.deepEqual([...(row.blob as Uint8Array)], [1, 2, 255]);
    assert.equal(row.blurb, '');
    assert.equal(t.dialect.dateTimeFromDatabase(row.stamp).toISOString(), '2020-02-03T04:05:06.789Z');
    const dateText = backend.name === 'postgres' ? sql`published::text` : backend.name === 'mysql' ? sql`cast(published as char)` : sql`published`;
    const { rows: [date] } = await sql<{ v: string }>`select ${dateText} as v from library_book`.execute(t.db);
    assert.equal(date!.v, '2020-02-03');
    if (backend.name === 'postgres') {
      const { rows: [micros] } = await sql<{ v: string }>`select (extract(epoch from length) * 1000000)::bigint as v from library_book`.execute(t.db);
      assert.equal(String(micros!.v), '1500000');
    } else {
      assert.equal(String(row.length), '1500000');
    }
  });
});
