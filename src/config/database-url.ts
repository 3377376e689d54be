import path from 'node:path';
import { ConfigError } from '../errors.js';

export type DatabaseScheme = 'sqlite' | 'postgres' | 'mysql';

/** A parsed database URL (API.md §1). */
export interface DatabaseUrl {
  readonly scheme: DatabaseScheme;
  /** The URL as given, with a relative SQLite path made absolute. */
  readonly url: string;
  /** SQLite: absolute file path or `:memory:`. */
  readonly filename?: string;
  /** PostgreSQL/MySQL: the database name from the path. */
  readonly database?: string;
}

const SCHEMES: Readonly<Record<string, DatabaseScheme>> = {
  'sqlite:': 'sqlite',
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

/**
 * Parses `sqlite:RELATIVE/OR/ABSOLUTE/PATH`, `sqlite::memory:`, `postgres://…`, `postgresql://…` and
 * `mysql://…` with the WHATWG URL parser. Relative SQLite paths resolve against `baseDir` (the config
 * file's folder).
 */
export function parseDatabaseUrl(raw: string, baseDir: string, where = 'databases'): DatabaseUrl {
  if (typeof raw !== 'string' || raw.trim() === '') throw new ConfigError(`${where}: the database URL is empty`);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${where}: '${redact(raw)}' is not a database URL (expected sqlite:PATH, postgres://… or mysql://…)`);
  }
  const scheme = SCHEMES[parsed.protocol];
  if (!scheme) {
    throw new ConfigError(`${where}: unknown database scheme '${parsed.protocol.replace(/:$/, '')}' (use sqlite:, postgres:, postgresql: or mysql:)`);
  }
  if (scheme === 'sqlite') {
    const rest = decodeURIComponent(raw.slice(raw.indexOf(':') + 1)).replace(/^\/\/(?=\/)/, '');
    if (rest === '' ) throw new ConfigError(`${where}: sqlite URL needs a path (sqlite:./db.sqlite3 or sqlite::memory:)`);
    const filename = rest === ':memory:' ? rest : path.resolve(baseDir, rest);
    return { scheme, url: `sqlite:${filename}`, filename };
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return { scheme, url: raw, ...(database ? { database } : {}) };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@');
}
