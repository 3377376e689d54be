import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';

/**
 * The databases integration tests run on: SQLite always; PostgreSQL and MySQL/MariaDB from
 * STRATUM_TEST_POSTGRES_URL / STRATUM_TEST_MYSQL_URL (defaults: the local development servers). Each server
 * is probed once when this module loads. An unreachable one is reported loudly and its suites are pending
 * (skipped), unless STRATUM_REQUIRE_BACKENDS names it: then its suites fail.
 */
export type BackendName = 'sqlite' | 'postgres' | 'mysql';

export interface TestBackend {
  readonly name: BackendName;
  /** The server URL test databases are created from (SQLite: empty). */
  readonly adminUrl: string;
  readonly available: boolean;
  /** Why the probe failed. */
  readonly reason?: string;
  readonly required: boolean;
}

export interface TestDatabase {
  /** A database URL as `parseDatabaseUrl` takes it. */
  readonly url: string;
  drop(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 3000;

const ADMIN_URLS: Readonly<Record<BackendName, string>> = {
  sqlite: '',
  postgres: process.env.STRATUM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  mysql: process.env.STRATUM_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql',
};

const REQUIRED: ReadonlySet<string> = new Set((process.env.STRATUM_REQUIRE_BACKENDS ?? '')
  .split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));

async function withPostgres<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function withMysql<T>(url: string, fn: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({ uri: url, connectTimeout: PROBE_TIMEOUT_MS });
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}

function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@');
}

async function probe(name: BackendName): Promise<TestBackend> {
  const adminUrl = ADMIN_URLS[name];
  const required = REQUIRED.has(name);
  try {
    if (name === 'postgres') await withPostgres(adminUrl, (c) => c.query('select 1'));
    if (name === 'mysql') await withMysql(adminUrl, (c) => c.query('select 1'));
    return { name, adminUrl, available: true, required };
  } catch (error) {
    const reason = String((error as Error)?.message || (error as { code?: string })?.code || error).split('\n')[0]!;
    return { name, adminUrl, available: false, reason, required };
  }
}

export const BACKENDS: readonly TestBackend[] = await Promise.all((['sqlite', 'postgres', 'mysql'] as const).map(probe));

for (const backend of BACKENDS.filter((b) => !b.available)) {
  const rule = '='.repeat(100);
  const variable = backend.name === 'postgres' ? 'STRATUM_TEST_POSTGRES_URL' : 'STRATUM_TEST_MYSQL_URL';
  console.warn([
    '', rule,
    `  ${backend.name.toUpperCase()} IS UNREACHABLE at ${redact(backend.adminUrl)}: ${backend.reason}`,
    backend.required
      ? `  It is listed in STRATUM_REQUIRE_BACKENDS: its suites FAIL.`
      : `  Its integration tests are SKIPPED. Set ${variable}, or STRATUM_REQUIRE_BACKENDS=${backend.name} to fail instead.`,
    rule, '',
  ].join('\n'));
}

/**
 * Registers `describe('<title> [<backend>]')` once per backend: normal when the backend is reachable,
 * pending when it is not, failing when it is not but required.
 */
export function describeEachBackend(title: string, body: (backend: TestBackend) => void): void {
  for (const backend of BACKENDS) {
    const suite = `${title} [${backend.name}]`;
    if (backend.available) {
      describe(suite, () => body(backend));
    } else if (backend.required) {
      describe(suite, () => {
        it('reaches the required backend', () => {
          throw new Error(`${backend.name} is required (STRATUM_REQUIRE_BACKENDS) but unreachable at ${redact(backend.adminUrl)}: ${backend.reason}`);
        });
      });
    } else {
      describe.skip(suite, () => body(backend));
    }
  }
}

let counter = 0;

function uniqueName(): string {
  counter += 1;
  return `stratum_t_${process.pid}_${counter}_${randomBytes(3).toString('hex')}`;
}

function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * CREATE DATABASE copies template1 and fails while another session is copying it too ("source database
 * template1 is being accessed by other users"): two test runs on one server do that. Retried briefly.
 */
async function createPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withPostgres(adminUrl, (c) => c.query(`create database "${name}"`));
      return;
    } catch (error) {
      if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** A fresh, uniquely named database on the backend (SQLite: a file in a fresh temp folder), and its drop. */
export async function createTestDatabase(backend: TestBackend): Promise<TestDatabase> {
  const name = uniqueName();
  if (backend.name === 'sqlite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'stratum-t-'));
    return { url: `sqlite:${path.join(dir, 'db.sqlite3')}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  if (backend.name === 'postgres') {
    await createPostgresDatabase(backend.adminUrl, name);
    return {
      url: withDatabase(backend.adminUrl, name),
      drop: () => withPostgres(backend.adminUrl, async (c) => {
        await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
        await c.query(`drop database if exists "${name}"`);
      }),
    };
  }
  await withMysql(backend.adminUrl, (c) => c.query(`create database \`${name}\``));
  return {
    url: withDatabase(backend.adminUrl, name),
    drop: () => withMysql(backend.adminUrl, async (c) => {
      await c.query(`drop database if exists \`${name}\``);
    }),
  };
}
