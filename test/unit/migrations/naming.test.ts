import assert from 'node:assert/strict';
import { fields } from '../../../src/migrations/fields.js';
import { formatMigrationNumber, migrationTimestamp, parseMigrationNumber, suggestName } from '../../../src/migrations/naming.js';
import { operations as ops } from '../../../src/migrations/operations/index.js';

// Django's tests/migrations/test_autodetector.py MigrationSuggestNameTests.
const now = new Date(Date.UTC(2024, 0, 2, 3, 4));
const add = (model: string, name: string) => ops.AddField({ modelName: model, name, field: fields.IntegerField({ null: true }) });
const suggest = (operations: ReturnType<typeof add>[] | ReturnType<typeof ops.RunSQL>[], initial = false) => suggestName({ initial, operations }, now);

describe('migration naming', () => {
  it('names an initial migration initial', () => {
    assert.equal(suggest([add('book', 'isbn')], true), 'initial');
  });

  it('uses the single operation\'s fragment', () => {
    assert.equal(suggest([add('book', 'isbn')]), 'book_isbn');
    assert.equal(suggestName({ initial: false, operations: [ops.RemoveField({ modelName: 'Book', name: 'pages' })] }), 'remove_book_pages');
    assert.equal(suggestName({ initial: false, operations: [ops.CreateModel({ name: 'Person', fields: [] })] }), 'person');
    assert.equal(suggestName({ initial: false, operations: [ops.DeleteModel({ name: 'Person' })] }), 'delete_person');
  });

  it('joins fragments while the name stays within 52 characters', () => {
    assert.equal(suggest([add('book', 'isbn'), add('book', 'pages')]), 'book_isbn_book_pages');
    // 'book_isbn_book_pages_book_subtitle_book_aaaaaaaaaaaa' is 52 characters: still joined.
    assert.equal(suggest([add('book', 'isbn'), add('book', 'pages'), add('book', 'subtitle'), add('book', 'aaaaaaaaaaaa')]), 'book_isbn_book_pages_book_subtitle_book_aaaaaaaaaaaa');
  });

  it('ends a longer name with _and_more', () => {
    assert.equal(
      suggest([add('book', 'isbn'), add('book', 'pages'), add('book', 'subtitle'), add('book', 'aaaaaaaaaaaaa')]),
      'book_isbn_book_pages_book_subtitle_and_more',
    );
  });

  it('falls back to auto_YYYYMMDD_HHMM when an operation has no fragment or there are none', () => {
    assert.equal(suggest([ops.RunSQL({ sql: 'SELECT 1' })]), 'auto_20240102_0304');
    assert.equal(suggest([]), 'auto_20240102_0304');
  });

  it('formats and parses migration numbers like Django', () => {
    assert.equal(formatMigrationNumber(2), '0002');
    assert.equal(formatMigrationNumber(12345), '12345');
    assert.equal(parseMigrationNumber('0007_book_isbn'), 7);
    assert.equal(parseMigrationNumber('0001_squashed_0004_auto'), 4);
    assert.equal(parseMigrationNumber('initial'), undefined);
    assert.equal(migrationTimestamp(new Date(Date.UTC(2023, 10, 9, 22, 5))), '20231109_2205');
  });
});
