import { sql, type Kysely } from '../db/kysely.js';
import type { LiveConstraint } from './live-constraints.js';

interface KeyRow { name: string; type: string; column_name: string | null }
interface IndexRow { name: string; column_name: string; non_unique: number | string }
interface CheckRow { name: string; clause: string }

/** The backquoted identifiers of a CHECK clause, in order: the columns it constrains. */
function checkColumns(clause: string): string[] {
  const columns: string[] = [];
  for (const match of clause.matchAll(/`((?:[^`]|``)+)`/g)) {
    const name = match[1]!.replace(/``/g, '`');
    if (!columns.includes(name)) columns.push(name);
  }
  return columns;
}

/**
 * CHECK constraints: MariaDB names the table in check_constraints (and its column-level checks, which only
 * MODIFY can remove, are left out); MySQL 8 names it only through table_constraints.
 */
async function readChecks(db: Kysely<any>, table: string): Promise<CheckRow[]> {
  try {
    const { rows } = await sql<CheckRow>`
      select constraint_name as name, check_clause as clause from information_schema.check_constraints
      where constraint_schema = database() and table_name = ${table} and level = 'Table'`.execute(db);
    return rows;
  } catch {
    const { rows } = await sql<CheckRow>`
      select cc.constraint_name as name, cc.check_clause as clause
      from information_schema.check_constraints cc
      join information_schema.table_constraints tc
        on tc.constraint_schema = cc.constraint_schema and tc.constraint_name = cc.constraint_name
      where tc.table_schema = database() and tc.table_name = ${table} and tc.constraint_type = 'CHECK'`.execute(db);
    return rows;
  }
}

/**
 * Django's MySQL `get_constraints`, reduced to what the schema editor needs: keys and checks from
 * information_schema, and indexes from `statistics` that back no key of the same name.
 */
export async function readMysqlConstraints(db: Kysely<any>, table: string): Promise<LiveConstraint[]> {
  const { rows: keys } = await sql<KeyRow>`
    select tc.constraint_name as name, tc.constraint_type as type, kcu.column_name as column_name
    from information_schema.table_constraints tc
    left join information_schema.key_column_usage kcu
      on kcu.constraint_schema = tc.constraint_schema and kcu.table_name = tc.table_name and kcu.constraint_name = tc.constraint_name
    where tc.table_schema = database() and tc.table_name = ${table} and tc.constraint_type <> 'CHECK'
    order by tc.constraint_name, kcu.ordinal_position`.execute(db);
  const { rows: indexes } = await sql<IndexRow>`
    select index_name as name, column_name, non_unique from information_schema.statistics
    where table_schema = database() and table_name = ${table}
    order by index_name, seq_in_index`.execute(db);
  const result = new Map<string, LiveConstraint & { columns: string[] }>();
  for (const row of keys) {
    const entry = result.get(`key:${row.name}`) ?? {
      name: row.name,
      columns: [],
      primaryKey: row.type === 'PRIMARY KEY',
      unique: row.type === 'PRIMARY KEY' || row.type === 'UNIQUE',
      foreignKey: row.type === 'FOREIGN KEY',
      check: false,
      index: row.type !== 'FOREIGN KEY',
    };
    if (row.column_name) entry.columns.push(row.column_name);
    result.set(`key:${row.name}`, entry);
  }
  for (const row of indexes) {
    if (result.get(`key:${row.name}`)?.index) continue;
    const entry = result.get(`index:${row.name}`) ?? {
      name: row.name, columns: [], primaryKey: false, unique: Number(row.non_unique) === 0, foreignKey: false, check: false, index: true,
    };
    entry.columns.push(row.column_name);
    result.set(`index:${row.name}`, entry);
  }
  const checks = (await readChecks(db, table)).map((row) => ({
    name: row.name, columns: checkColumns(row.clause), primaryKey: false, unique: false, foreignKey: false, check: true, index: false,
  }));
  return [...result.values(), ...checks];
}
