import { strict as assert } from 'node:assert';
import { fields } from '../../../src/migrations/fields.js';
import { AddField, CreateModel, DeleteModel } from '../../../src/migrations/operations/index.js';
import { CheckConstraint, Index, UniqueConstraint } from '../../../src/models/indexes.js';
import { Q } from '../../../src/query/q.js';
import { ProjectState } from '../../../src/state/project-state.js';
import { describeEachBackend } from '../../support/backends.js';
import {
  assertIntegrityError, authorKey, column, createAuthor, createBook, foreignKeyOn, indexesOn, insert, isUnique, pk,
} from './fixtures.js';
import { useTestDatabase } from './harness.js';

/** Django's column types for each field type, as each catalog reports them. */
const EXPECTED_TYPES = {
  postgres: {
    id: 'bigint identity', title: 'varchar(100)', body: 'text', pages: 'integer', big: 'bigint', small: 'smallint',
    price: 'numeric(6,2)', rating: 'double precision', active: 'boolean', published: 'date',
    updated: 'timestamp with time zone', at: 'time without time zone', length: 'interval', uid: 'uuid', data: 'jsonb',
    blob: 'bytea', positive: 'integer', email: 'varchar(254)', slug: 'varchar(50)',
  },
  mysql: {
    id: 'bigint auto_increment', title: 'varchar(100)', body: 'longtext', pages: 'int', big: 'bigint', small: 'smallint',
    price: 'decimal(6,2)', rating: 'double', active: 'tinyint', published: 'date', updated: 'datetime(6)', at: 'time(6)',
    length: 'bigint', uid: 'char(32)', data: 'longtext', blob: 'longblob', positive: 'int unsigned', email: 'varchar(254)',
    slug: 'varchar(50)',
  },
  sqlite: {
    id: 'integer', title: 'varchar(100)', body: 'text', pages: 'integer', big: 'bigint', small: 'smallint', price: 'decimal',
    rating: 'real', active: 'bool', published: 'date', updated: 'datetime', at: 'time', length: 'bigint', uid: 'char(32)',
    data: 'text', blob: 'blob', positive: 'integer unsigned', email: 'varchar(254)', slug: 'varchar(50)',
  },
} as const;

describeEachBackend('schema editor: createModel and deleteModel', (backend) => {
  const t = useTestDatabase(backend);

  it("creates every column with Django's type, nullability and primary key, and drops the table backwards", async () => {
    const op = new CreateModel({
      name: 'Book',
      fields: [
        ['id', pk()],
        ['title', fields.CharField({ maxLength: 100 })],
        ['body', fields.TextField({ null: true })],
        ['pages', fields.IntegerField()],
        ['big', fields.BigIntegerField()],
        ['small', fields.SmallIntegerField()],
        ['price', fields.DecimalField({ maxDigits: 6, decimalPlaces: 2 })],
        ['rating', fields.FloatField()],
        ['active', fields.BooleanField()],
        ['published', fields.DateField()],
        ['updated', fields.DateTimeField()],
        ['at', fields.TimeField()],
        ['length', fields.DurationField()],
        ['uid', fields.UUIDField()],
        ['data', fields.JSONField()],
        ['blob', fields.BinaryField()],
        ['positive', fields.PositiveIntegerField()],
        ['email', fields.EmailField()],
        ['slug', fields.SlugField({ dbIndex: false })],
      ],
    });
    const state = await t.migrate([op]);
    const table = await t.table('library_book');
    const types = Object.fromEntries(table.columns.map((c) => [c.name, c.type]));
    assert.deepEqual(types, EXPECTED_TYPES[backend.name]);
    assert.deepEqual(table.primaryKey, ['id']);
    assert.deepEqual(table.columns.filter((c) => c.nullable).map((c) => c.name), ['body']);
    assert.ok(table.columns.every((c) => c.default === null || c.name === 'id'), 'Django puts no defaults in the database');

    await t.unmigrate([op], new ProjectState());
    assert.ok(state.hasModel('library', 'book'));
    assert.deepEqual(await t.tables(), []);
  });

  it('enforces unique fields, type checks, check constraints and unique constraints created with the table', async () => {
    await t.migrate([createBook([
      ['isbn', fields.CharField({ maxLength: 13, unique: true })],
      ['pages', fields.PositiveIntegerField()],
      ['edition', fields.IntegerField()],
    ], {
      constraints: [
        CheckConstraint({ condition: Q({ edition__gte: 1 }), name: 'book_edition_positive' }),
        UniqueConstraint({ fields: ['title', 'edition'], name: 'book_title_edition_uniq' }),
      ],
    })]);
    const table = await t.table('library_book');
    assert.ok(isUnique(table, ['isbn']));
    assert.ok(isUnique(table, ['title', 'edition']));
    assert.ok(table.checks.includes('book_edition_positive'));

    await insert(t.db, 'library_book', [{ title: 'A', isbn: '1', pages: 10, edition: 1 }]);
    await assertIntegrityError(t, insert(t.db, 'library_book', [{ title: 'B', isbn: '1', pages: 10, edition: 1 }]));
    // MySQL refuses a negative value for an UNSIGNED column before its CHECK (a data error, as in Django).
    const negative = insert(t.db, 'library_book', [{ title: 'C', isbn: '3', pages: -1, edition: 1 }]);
    if (backend.name === 'mysql') await assert.rejects(negative, /Out of range/);
    else await assertIntegrityError(t, negative);
    await assertIntegrityError(t, insert(t.db, 'library_book', [{ title: 'D', isbn: '4', pages: 1, edition: 0 }]));
    await assertIntegrityError(t, insert(t.db, 'library_book', [{ title: 'A', isbn: '5', pages: 1, edition: 1 }]));
  });

  it("creates foreign keys without ON DELETE, with Django's names and an index", async () => {
    await t.migrate([createAuthor(), createBook([['author', authorKey()]])]);
    const book = await t.table('library_book');
    const fk = foreignKeyOn(book, 'author_id');
    assert.ok(fk, 'the foreign key exists');
    assert.equal(fk.table, 'library_author');
    assert.equal(fk.refColumn, 'id');
    // Django emulates ON DELETE in its collector: the database gets the default action.
    assert.ok(['NO ACTION', 'RESTRICT'].includes(fk.onDelete), fk.onDelete);
    assert.equal(fk.deferred, backend.name !== 'mysql', 'deferrable initially deferred where supported');
    assert.equal(column(book, 'author_id').type, backend.name === 'mysql' ? 'bigint' : 'bigint');
    if (backend.name !== 'sqlite') assert.equal(fk.name, 'library_book_author_id_d9a3b67e_fk_library_author_id');
    const indexes = indexesOn(book, ['author_id']);
    assert.equal(indexes.length, 1);
    // InnoDB indexes a foreign key under the constraint's name; elsewhere Django's index name.
    assert.equal(indexes[0]!.name, backend.name === 'mysql' ? 'library_book_author_id_d9a3b67e_fk_library_author_id' : 'library_book_author_id_d9a3b67e');
    await assertIntegrityError(t, t.dialect.runMigration(t.db, true, (db) => insert(db, 'library_book', [{ title: 'orphan', author_id: 42 }])));
  });

  it('creates models that refer to each other in one migration, whatever their order', async () => {
    const ops = [
      createAuthor(),
      createBook([['author', authorKey()]]),
      new AddField({ modelName: 'Author', name: 'favourite', field: fields.ForeignKey({ to: 'library.book', onDelete: 'SET_NULL', null: true }) }),
    ];
    const state = await t.migrate(ops);
    assert.equal(foreignKeyOn(await t.table('library_author'), 'favourite_id')?.table, 'library_book');
    assert.equal(foreignKeyOn(await t.table('library_book'), 'author_id')?.table, 'library_author');
    await t.unmigrate(ops, new ProjectState());
    assert.deepEqual(await t.tables(), []);
    assert.ok(state.hasModel('library', 'author'));
  });

  it('creates auto many-to-many tables, a self-referencing one with from_/to_ columns, and drops them with the model', async () => {
    const ops = [
      createAuthor([['friends', fields.ManyToManyField({ to: 'library.author' })]]),
      createBook([['authors', fields.ManyToManyField({ to: 'library.author' })]]),
    ];
    const state = await t.migrate(ops);
    assert.deepEqual(await t.tables(), ['library_author', 'library_author_friends', 'library_book', 'library_book_authors']);
    const friends = await t.table('library_author_friends');
    assert.deepEqual(friends.columns.map((c) => c.name), ['id', 'from_author_id', 'to_author_id']);
    assert.equal(foreignKeyOn(friends, 'from_author_id')?.table, 'library_author');
    assert.equal(foreignKeyOn(friends, 'to_author_id')?.table, 'library_author');
    assert.ok(isUnique(friends, ['from_author_id', 'to_author_id']));
    const authors = await t.table('library_book_authors');
    assert.deepEqual(authors.columns.map((c) => c.name), ['id', 'book_id', 'author_id']);
    assert.ok(isUnique(authors, ['book_id', 'author_id']));
    const pairName = 'library_book_authors_book_id_author_id_5a77f71a_uniq';
    assert.ok([...authors.uniques.map((u) => u.name), ...authors.indexes.map((i) => i.name)].includes(pairName), `unique pair named ${pairName}`);

    await insert(t.db, 'library_author', [{ name: 'a' }, { name: 'b' }]);
    await insert(t.db, 'library_author_friends', [{ from_author_id: 1, to_author_id: 2 }]);
    await assertIntegrityError(t, insert(t.db, 'library_author_friends', [{ from_author_id: 1, to_author_id: 2 }]));

    await t.migrate([new DeleteModel({ name: 'Book' })], state);
    assert.deepEqual(await t.tables(), ['library_author', 'library_author_friends']);
  });

  it('creates Meta indexes with descending columns, field indexes and uniqueTogether', async () => {
    await t.migrate([createAuthor(), createBook([
      ['pubdate', fields.DateField()],
      ['author', authorKey()],
      ['code', fields.CharField({ maxLength: 10, dbIndex: true })],
    ], {
      indexes: [Index({ fields: ['-pubdate', 'title'], name: 'book_pub_title_idx' })],
      uniqueTogether: [['title', 'author']],
    })]);
    const book = await t.table('library_book');
    const metaIndex = book.indexes.find((i) => i.name === 'book_pub_title_idx');
    assert.deepEqual(metaIndex?.columns, ['-pubdate', 'title']);
    assert.equal(metaIndex?.unique, false);
    assert.ok(indexesOn(book, ['code']).some((i) => i.name === 'library_book_code_b5f77c04'), JSON.stringify(indexesOn(book, ['code'])));
    if (backend.name === 'postgres') assert.ok(indexesOn(book, ['code']).some((i) => i.name === 'library_book_code_b5f77c04_like'));
    assert.ok(isUnique(book, ['title', 'author_id']));
  });
});
