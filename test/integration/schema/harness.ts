import type { Kysely } from 'kysely';
import { parseDatabaseUrl } from '../../../src/config/database-url.js';
import type { Dialect } from '../../../src/db/dialect.js';
import { getDialect } from '../../../src/db/dialect-registry.js';
import type { Operation } from '../../../src/migrations/operations/index.js';
import type { Statement } from '../../../src/schema/schema-editor.js';
import { ProjectState } from '../../../src/state/project-state.js';
import { createTestDatabase, type TestBackend, type TestDatabase } from '../../support/backends.js';
import { readTable, tableNames, type CatalogTable } from '../../support/catalog.js';

export const APP = 'library';

/** The database of the running test, made before it and dropped after it. */
export interface SchemaTestContext {
  readonly backend: TestBackend;
  readonly dialect: Dialect;
  readonly db: Kysely<any>;
  table(name: string): Promise<CatalogTable>;
  tables(): Promise<string[]>;
  /** Applies operations as one migration, the way the executor does; returns the state after them. */
  migrate(operations: readonly Operation[], from?: ProjectState): Promise<ProjectState>;
  /** Unapplies operations that took `from` to the state after them; returns `from`. */
  unmigrate(operations: readonly Operation[], from: ProjectState): Promise<ProjectState>;
  /** The statements collect mode produces for the operations (sqlmigrate's path), without running them. */
  collect(operations: readonly Operation[], from?: ProjectState, backwards?: boolean): Promise<Statement[]>;
}

/** Registers beforeEach/afterEach that give each test a fresh database of `backend`. */
export function useTestDatabase(backend: TestBackend): SchemaTestContext {
  let database: TestDatabase | undefined;
  let dialect: Dialect | undefined;
  let db: Kysely<any> | undefined;
  beforeEach(async () => {
    database = await createTestDatabase(backend);
    dialect = await getDialect(backend.name);
    db = dialect.createKysely(parseDatabaseUrl(database.url, process.cwd()));
  });
  afterEach(async () => {
    await db?.destroy();
    await database?.drop();
    db = undefined;
    database = undefined;
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('no test database: use the context inside a test');
    return value;
  };
  const steps = (operations: readonly Operation[], from: ProjectState) => {
    const result: Array<{ op: Operation; before: ProjectState; after: ProjectState }> = [];
    let state = from;
    for (const op of operations) {
      const after = op.stateForwards(APP, state);
      result.push({ op, before: state, after });
      state = after;
    }
    return result;
  };
  return {
    backend,
    get dialect() { return need(dialect); },
    get db() { return need(db); },
    table: (name) => readTable(need(db), backend.name, name),
    tables: () => tableNames(need(db), backend.name),
    async migrate(operations, from = new ProjectState()) {
      const d = need(dialect);
      return d.runMigration(need(db), true, async (trx) => {
        const editor = d.createSchemaEditor(trx, { collect: false });
        const all = steps(operations, from);
        for (const { op, before, after } of all) await op.databaseForwards(APP, editor, before, after);
        await editor.finish();
        return all.at(-1)?.after ?? from;
      });
    },
    async unmigrate(operations, from) {
      const d = need(dialect);
      await d.runMigration(need(db), true, async (trx) => {
        const editor = d.createSchemaEditor(trx, { collect: false });
        for (const { op, before, after } of steps(operations, from).reverse()) await op.databaseBackwards(APP, editor, after, before);
        await editor.finish();
      });
      return from;
    },
    async collect(operations, from = new ProjectState(), backwards = false) {
      const editor = need(dialect).createSchemaEditor(need(db), { collect: true });
      const all = steps(operations, from);
      if (backwards) for (const { op, before, after } of all.reverse()) await op.databaseBackwards(APP, editor, after, before);
      else for (const { op, before, after } of all) await op.databaseForwards(APP, editor, before, after);
      await editor.finish();
      return [...editor.collected];
    },
  };
}
