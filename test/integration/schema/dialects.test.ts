import { strict as assert } from 'node:assert';
import { sql } from 'kysely';
import { parseDatabaseUrl } from '../../../src/config/database-url.js';
import { getDialect } from '../../../src/db/dialect-registry.js';
import { ConnectionError, DatabaseError, IntegrityError, LockTimeoutError } from '../../../src/db/errors.js';
import { fields } from '../../../src/migrations/fields.js';
import { StratumError } from '../../../src/errors.js';
import { describeEachBackend } from '../../support/backends.js';
import { authorKey, createAuthor, createBook, insert } from './fixtures.js';
import { useTestDatabase } from './harness.js';

/** A URL of the backend's kind at which nothing listens. */
const UNREACHABLE = {
  sqlite: 'sqlite:/nonexistent-stratum-folder/sub/db.sqlite3',
  postgres: 'postgres://postgres@127.0.0.1:1/postgres',
  mysql: 'mysql://root@127.0.0.1:1/mysql',
} as const;

describeEachBackend('dialect', (backend) => {
  const t = useTestDatabase(backend);

  it('describes its capabilities', async () => {
    const { features, name } = t.dialect;
    assert.equal(name, backend.name);
    assert.equal(features.transactionalDdl, backend.name !== 'mysql');
    assert.equal(features.maxNameLength, { sqlite: 200, postgres: 63, mysql: 64 }[backend.name]);
    assert.equal(features.supportsPartialIndexes, backend.name !== 'mysql');
    assert.equal(features.supportsReturning, backend.name !== 'mysql');
    assert.equal(features.canRenameColumn, true);
  });

  it('maps an unreachable database to a one-line CONNECTION_ERROR with exit code 3', async () => {
    const db = t.dialect.createKysely(parseDatabaseUrl(UNREACHABLE[backend.name], process.cwd()));
    try {
      const error = await sql`select 1`.execute(db).then(() => undefined, (e: unknown) => e);
      assert.ok(error, 'the query fails');
      const mapped = t.dialect.mapError(error);
      assert.ok(mapped instanceof ConnectionError, String(mapped));
      assert.equal(mapped.code, 'CONNECTION_ERROR');
      assert.equal(mapped.exitCode, 3);
      assert.equal(mapped.cause, error);
      assert.ok(!mapped.message.includes('\n'));
      if (backend.name !== 'sqlite') assert.match(mapped.message, /^cannot connect to .* at 127\.0\.0\.1:1: connection refused/);
    } finally {
      await db.destroy().catch(() => {});
    }
  });

  it('maps constraint violations to IntegrityError, other failures to DatabaseError, and keeps its own errors', async () => {
    await t.migrate([createAuthor([['email', fields.CharField({ maxLength: 50, unique: true })]])]);
    await insert(t.db, 'library_author', [{ name: 'a', email: 'x' }]);
    const duplicate = await insert(t.db, 'library_author', [{ name: 'b', email: 'x' }]).then(() => undefined, (e: unknown) => e);
    const integrity = t.dialect.mapError(duplicate);
    assert.ok(integrity instanceof IntegrityError);
    assert.equal((integrity as IntegrityError).code, 'INTEGRITY_ERROR');
    const missingTable = await sql`select * from no_such_table`.execute(t.db).then(() => undefined, (e: unknown) => e);
    const general = t.dialect.mapError(missingTable);
    assert.ok(general instanceof DatabaseError && !(general instanceof IntegrityError));
    assert.equal((general as DatabaseError).code, 'DATABASE_ERROR');
    const own = new StratumError('already mapped');
    assert.equal(t.dialect.mapError(own), own);
  });

  it('rolls an atomic migration back where DDL is transactional', async () => {
    const failing = t.dialect.runMigration(t.db, true, async (db) => {
      await t.dialect.createSchemaEditor(db, { collect: false }).executeRaw('create table scratch (id integer primary key)');
      throw new Error('boom');
    });
    await assert.rejects(failing, /boom/);
    assert.deepEqual(await t.tables(), t.dialect.features.transactionalDdl ? [] : ['scratch']);
  });

  it('checks foreign keys before committing a migration', async () => {
    const state = await t.migrate([createAuthor(), createBook([['author', authorKey()]])]);
    const dangling = t.dialect.runMigration(t.db, true, async (db) => {
      await insert(db, 'library_book', [{ title: 'orphan', author_id: 9 }]);
    });
    await assert.rejects(dangling, (error: unknown) => t.dialect.mapError(error) instanceof IntegrityError);
    assert.equal((await t.db.selectFrom('library_book').selectAll().execute()).length, 0);
    assert.ok(state.hasModel('library', 'book'));
  });

  it('holds the migration lock on one connection, one run at a time', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const first = t.dialect.withMigrationLock(t.db, async (connection) => {
      order.push('first in');
      await sql`select 1`.execute(connection);
      await gate;
      order.push('first out');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = t.dialect.withMigrationLock(t.db, async () => { order.push('second in'); });
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(order, ['first in'], 'the second run waits for the lock');
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first in', 'first out', 'second in']);
  });

  it('stores DateTimeField values in UTC and reads them back', async () => {
    await t.migrate([createBook([['published', fields.DateTimeField()]])]);
    const when = new Date('2024-02-29T23:59:58.123Z');
    await insert(t.db, 'library_book', [{ title: 'a', published: t.dialect.dateTimeToDatabase(when) }]);
    const row = await t.db.selectFrom('library_book').select('published').executeTakeFirstOrThrow();
    assert.equal(t.dialect.dateTimeFromDatabase(row.published).toISOString(), when.toISOString());
    if (backend.name !== 'postgres') assert.equal(String(row.published).slice(0, 23), '2024-02-29 23:59:58.123');
  });
});

describe('dialect registry', () => {
  it('loads each dialect on demand by URL scheme', async () => {
    for (const scheme of ['sqlite', 'postgres', 'mysql'] as const) assert.equal((await getDialect(scheme)).name, scheme);
    assert.equal((await getDialect('postgres')).displayName, 'PostgreSQL');
  });

  it('names the lock timeout error LOCK_TIMEOUT (exit 3)', () => {
    const error = new LockTimeoutError('x');
    assert.equal(error.code, 'LOCK_TIMEOUT');
    assert.equal(error.exitCode, 3);
  });
});
