import { strict as assert } from 'node:assert';
import type { Kysely } from 'kysely';
import { IntegrityError } from '../../../src/db/errors.js';
import { fields } from '../../../src/migrations/fields.js';
import { CreateModel } from '../../../src/migrations/operations/index.js';
import type { Field } from '../../../src/models/fields.js';
import type { ModelStateOptions } from '../../../src/state/model-state.js';
import type { CatalogTable } from '../../support/catalog.js';
import type { SchemaTestContext } from './harness.js';

type FieldList = ReadonlyArray<readonly [string, Field]>;

export const pk = (): Field => fields.BigAutoField({ primaryKey: true });

/** `library.Author(id, name, ...extra)`. */
export function createAuthor(extra: FieldList = [], options?: ModelStateOptions): CreateModel {
  return new CreateModel({ name: 'Author', fields: [['id', pk()], ['name', fields.CharField({ maxLength: 100 })], ...extra], ...(options ? { options } : {}) });
}

/** `library.Book(id, title, ...extra)`. */
export function createBook(extra: FieldList = [], options?: ModelStateOptions): CreateModel {
  return new CreateModel({ name: 'Book', fields: [['id', pk()], ['title', fields.CharField({ maxLength: 100 })], ...extra], ...(options ? { options } : {}) });
}

export const authorKey = (options: Record<string, unknown> = {}): Field => fields.ForeignKey({ to: 'library.author', onDelete: 'CASCADE', ...options });

export async function insert(db: Kysely<any>, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  for (const row of rows) await db.insertInto(table).values(row).execute();
}

export async function rowsOf(db: Kysely<any>, table: string, columns: readonly string[]): Promise<Record<string, unknown>[]> {
  const rows = await db.selectFrom(table).select([...columns]).orderBy('id').execute();
  // Drivers differ on numeric types (MySQL bigint strings): compare as strings.
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
}

/** Asserts that a write is refused by a constraint, as the dialect maps the driver's error. */
export async function assertIntegrityError(t: SchemaTestContext, write: Promise<unknown>): Promise<void> {
  await assert.rejects(write, (error: unknown) => {
    const mapped = t.dialect.mapError(error);
    assert.ok(mapped instanceof IntegrityError, `expected an IntegrityError, got ${String(mapped)}`);
    return true;
  });
}

export function column(table: CatalogTable, name: string) {
  const found = table.columns.find((c) => c.name === name);
  assert.ok(found, `${table.name} has no column ${name} (columns: ${table.columns.map((c) => c.name).join(', ')})`);
  return found;
}

export function indexesOn(table: CatalogTable, columns: readonly string[]) {
  return table.indexes.filter((i) => i.columns.join(',') === columns.join(','));
}

/** Whether some unique index or constraint covers exactly these columns. */
export function isUnique(table: CatalogTable, columns: readonly string[]): boolean {
  return indexesOn(table, columns).some((i) => i.unique) || table.uniques.some((u) => u.columns.join(',') === columns.join(','));
}

export function foreignKeyOn(table: CatalogTable, columnName: string) {
  return table.foreignKeys.find((f) => f.column === columnName);
}
