import type { DatabaseScheme } from '../config/database-url.js';
import type { Dialect } from './dialect.js';

/**
 * Each dialect module is imported on first use, so that commands which never connect (`stratum --help`,
 * `makemigrations`) do not load pg, mysql2 or better-sqlite3.
 */
const LOADERS: Readonly<Record<DatabaseScheme, () => Promise<Dialect>>> = {
  sqlite: async () => (await import('./dialects/sqlite.js')).sqliteDialect,
  postgres: async () => (await import('./dialects/postgres.js')).postgresDialect,
  mysql: async () => (await import('./dialects/mysql.js')).mysqlDialect,
};

/** The dialect of a database URL scheme (`parseDatabaseUrl(...).scheme`). */
export async function getDialect(scheme: DatabaseScheme): Promise<Dialect> {
  const load = LOADERS[scheme];
  if (!load) throw new TypeError(`no dialect for the database scheme '${String(scheme)}'`);
  return load();
}
