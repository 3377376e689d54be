import { sql, type Kysely } from 'kysely';
import type { BackendName } from './backends.js';

/**
 * A small, test-only reader of the live schema, for assertions (the real introspector lives in
 * src/introspection/). Types are lower-cased and lightly normalised (`character varying(10)` →
 * `varchar(10)`, MySQL display widths dropped); index columns read `-col` when descending.
 */
export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly default: string | null;
}

export interface CatalogIndex {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly partial: boolean;
}

export interface CatalogForeignKey {
  readonly name: string | null;
  readonly column: string;
  readonly table: string;
  readonly refColumn: string;
  readonly deferred: boolean;
  readonly onDelete: string;
}

export interface CatalogTable {
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
  readonly primaryKey: readonly string[];
  /** Every index but the primary key's, including those behind unique constraints. */
  readonly indexes: readonly CatalogIndex[];
  /** Declared unique constraints (on SQLite: inline UNIQUE and CONSTRAINT ... UNIQUE). */
  readonly uniques: readonly { readonly name: string; readonly columns: readonly string[] }[];
  /** Names of named CHECK constraints (SQLite cannot name inline column checks). */
  readonly checks: readonly string[];
  readonly foreignKeys: readonly CatalogForeignKey[];
}

type Rows<T> = Promise<{ rows: T[] }>;

const q = <T>(db: Kysely<any>, query: ReturnType<typeof sql<T>>): Rows<T> => query.execute(db);

export async function tableNames(db: Kysely<any>, backend: BackendName): Promise<string[]> {
  const query = backend === 'postgres'
    ? sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() order by 1`
    : backend === 'mysql'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = database() order by 1`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`;
  return (await q(db, query)).rows.map((r) => r.name);
}

export async function readTable(db: Kysely<any>, backend: BackendName, table: string): Promise<CatalogTable> {
  const reader = backend === 'postgres' ? readPostgres : backend === 'mysql' ? readMysql : readSqlite;
  return reader(db, table);
}

async function readPostgres(db: Kysely<any>, table: string): Promise<CatalogTable> {
  const columns = await q(db, sql<{ name: string; type: string; notnull: boolean; default: string | null; identity: string }>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
      pg_get_expr(d.adbin, d.adrelid) as default, a.attidentity as identity
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where c.relname = ${table} and a.attnum > 0 and not a.attisdropped order by a.attnum`);
  const constraints = await q(db, sql<{ name: string; type: string; columns: string[]; ref_table: string | null; ref_columns: string[] | null; deferred: boolean; del: string }>`
    select c.conname as name, c.contype as type,
      array(select a.attname from unnest(c.conkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o)::text[] as columns,
      r.relname as ref_table,
      array(select a.attname from unnest(c.confkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o)::text[] as ref_columns,
      c.condeferred as deferred, c.confdeltype as del
    from pg_constraint c join pg_class t on t.oid = c.conrelid left join pg_class r on r.oid = c.confrelid
    where t.relname = ${table} order by c.conname`);
  const indexes = await q(db, sql<{ name: string; unique: boolean; primary: boolean; partial: boolean; columns: string[]; options: number[] }>`
    select i.relname as name, x.indisunique as unique, x.indisprimary as primary, x.indpred is not null as partial,
      array(select coalesce(a.attname, '?') from unnest(x.indkey) with ordinality k(n, o) left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n order by k.o)::text[] as columns,
      x.indoption::int2[] as options
    from pg_index x join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
    where t.relname = ${table} order by i.relname`);
  const deletes: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
  return {
    name: table,
    columns: columns.rows.map((c) => ({
      name: c.name,
      type: c.type.replace(/^character varying/, 'varchar').replace(/, /g, ',') + (c.identity ? ' identity' : ''),
      nullable: !c.notnull,
      default: c.default,
    })),
    primaryKey: constraints.rows.find((c) => c.type === 'p')?.columns ?? [],
    indexes: indexes.rows.filter((i) => !i.primary).map((i) => ({
      name: i.name, unique: i.unique, partial: i.partial,
      columns: i.columns.map((c, n) => ((Number(i.options[n]) & 1) === 1 ? `-${c}` : c)),
    })),
    uniques: constraints.rows.filter((c) => c.type === 'u').map((c) => ({ name: c.name, columns: c.columns })),
    checks: constraints.rows.filter((c) => c.type === 'c').map((c) => c.name),
    foreignKeys: constraints.rows.filter((c) => c.type === 'f').map((c) => ({
      name: c.name, column: c.columns[0]!, table: c.ref_table!, refColumn: c.ref_columns![0]!, deferred: c.deferred, onDelete: deletes[c.del] ?? c.del,
    })),
  };
}

async function readMysql(db: Kysely<any>, table: string): Promise<CatalogTable> {
  const columns = await q(db, sql<{ name: string; type: string; nullable: string; default: string | null; extra: string }>`
    select column_name as name, column_type as type, is_nullable as nullable, column_default as \`default\`, extra
    from information_schema.columns where table_schema = database() and table_name = ${table} order by ordinal_position`);
  const keys = await q(db, sql<{ name: string; type: string; column_name: string | null; ref_table: string | null; ref_column: string | null; del: string | null }>`
    select tc.constraint_name as name, tc.constraint_type as type, k.column_name as column_name,
      k.referenced_table_name as ref_table, k.referenced_column_name as ref_column, rc.delete_rule as del
    from information_schema.table_constraints tc
    left join information_schema.key_column_usage k on k.constraint_schema = tc.constraint_schema and k.table_name = tc.table_name and k.constraint_name = tc.constraint_name
    left join information_schema.referential_constraints rc on rc.constraint_schema = tc.constraint_schema and rc.constraint_name = tc.constraint_name and rc.table_name = tc.table_name
    where tc.table_schema = database() and tc.table_name = ${table} order by tc.constraint_name, k.ordinal_position`);
  const stats = await q(db, sql<{ name: string; column_name: string; non_unique: number | string; collation: string | null }>`
    select index_name as name, column_name, non_unique, collation from information_schema.statistics
    where table_schema = database() and table_name = ${table} order by index_name, seq_in_index`);
  const grouped = <R extends { name: string }>(rows: R[]) => {
    const map = new Map<string, R[]>();
    for (const row of rows) map.set(row.name, [...(map.get(row.name) ?? []), row]);
    return [...map.entries()];
  };
  return {
    name: table,
    columns: columns.rows.map((c) => ({
      name: c.name,
      type: c.type.toLowerCase().replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1') + (/auto_increment/i.test(c.extra) ? ' auto_increment' : ''),
      nullable: c.nullable === 'YES',
      default: c.default === 'NULL' ? null : c.default,
    })),
    primaryKey: keys.rows.filter((k) => k.type === 'PRIMARY KEY').map((k) => k.column_name!),
    indexes: grouped(stats.rows).filter(([name]) => name !== 'PRIMARY').map(([name, rows]) => ({
      name, unique: Number(rows[0]!.non_unique) === 0, partial: false,
      columns: rows.map((r) => (r.collation === 'D' ? `-${r.column_name}` : r.column_name)),
    })),
    uniques: grouped(keys.rows.filter((k) => k.type === 'UNIQUE')).map(([name, rows]) => ({ name, columns: rows.map((r) => r.column_name!) })),
    checks: keys.rows.filter((k) => k.type === 'CHECK').map((k) => k.name),
    foreignKeys: keys.rows.filter((k) => k.type === 'FOREIGN KEY').map((k) => ({
      name: k.name, column: k.column_name!, table: k.ref_table!, refColumn: k.ref_column!, deferred: false, onDelete: k.del ?? '',
    })),
  };
}

async function readSqlite(db: Kysely<any>, table: string): Promise<CatalogTable> {
  const columns = await q(db, sql<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>`
    select name, type, "notnull", dflt_value, pk from pragma_table_info(${table}) order by cid`);
  const list = await q(db, sql<{ name: string; unique: number; origin: string; partial: number }>`
    select name, "unique", origin, partial from pragma_index_list(${table}) order by name`);
  const indexes: CatalogIndex[] = [];
  const uniques: { name: string; columns: string[] }[] = [];
  for (const index of list.rows.filter((i) => i.origin !== 'pk')) {
    const info = await q(db, sql<{ name: string; desc: number }>`select name, "desc" from pragma_index_xinfo(${index.name}) where key = 1 order by seqno`);
    const cols = info.rows.map((r) => (r.desc ? `-${r.name}` : r.name));
    indexes.push({ name: index.name, columns: cols, unique: index.unique === 1, partial: index.partial === 1 });
    if (index.origin === 'u') uniques.push({ name: index.name, columns: cols });
  }
  const master = await q(db, sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = ${table}`);
  const ddl = master.rows[0]?.sql ?? '';
  const fks = await q(db, sql<{ table: string; from: string; to: string; on_delete: string }>`
    select "table", "from", "to", on_delete from pragma_foreign_key_list(${table}) order by id`);
  return {
    name: table,
    columns: columns.rows.map((c) => ({ name: c.name, type: c.type.toLowerCase(), nullable: c.notnull === 0 && c.pk === 0, default: c.dflt_value })),
    primaryKey: columns.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
    indexes,
    uniques,
    checks: [...ddl.matchAll(/constraint\s+"([^"]+)"\s+check/gi)].map((m) => m[1]!),
    foreignKeys: fks.rows.map((f) => ({
      name: null, column: f.from, table: f.table, refColumn: f.to, deferred: /deferrable\s+initially\s+deferred/i.test(ddl), onDelete: f.on_delete,
    })),
  };
}
