import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { parseDatabaseUrl } from '../../../src/config/database-url.js';
import { resolveConfig } from '../../../src/config/config.js';
import { ConfigError } from '../../../src/errors.js';

describe('database URLs', () => {
  it('resolves relative SQLite paths against the config folder', () => {
    assert.equal(parseDatabaseUrl('sqlite:./db.sqlite3', '/srv/app').filename, '/srv/app/db.sqlite3');
    assert.equal(parseDatabaseUrl('sqlite:/var/db.sqlite3', '/srv/app').filename, '/var/db.sqlite3');
    assert.equal(parseDatabaseUrl('sqlite::memory:', '/srv/app').filename, ':memory:');
  });

  it('accepts postgres, postgresql and mysql URLs', () => {
    assert.equal(parseDatabaseUrl('postgres://u@127.0.0.1:5432/app', '/').scheme, 'postgres');
    assert.equal(parseDatabaseUrl('postgresql://u@127.0.0.1/app', '/').database, 'app');
    assert.equal(parseDatabaseUrl('mysql://root@127.0.0.1:3306/shop', '/').scheme, 'mysql');
  });

  it('refuses an unknown scheme with a clear message', () => {
    assert.throws(() => parseDatabaseUrl('oracle://x', '/'), (e: unknown) => e instanceof ConfigError && /unknown database scheme 'oracle'/.test(e.message));
  });
});

describe('resolveConfig', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stratum-config-'));
  mkdirSync(path.join(dir, 'apps', 'library'), { recursive: true });

  it('labels apps by folder name, and DATABASE_URL overrides the default database', () => {
    const config = resolveConfig({ apps: ['./apps/library'], databases: { default: { url: 'sqlite:./x.db' } } }, dir, undefined, { DATABASE_URL: 'postgres://p@h/db' });
    assert.deepEqual(config.apps.map((a) => a.label), ['library']);
    assert.equal(config.databases.default!.scheme, 'postgres');
  });

  it('defaults to sqlite:./db.sqlite3 beside the config', () => {
    const config = resolveConfig({ apps: [] }, dir, undefined, {});
    assert.equal(config.databases.default!.filename, path.join(dir, 'db.sqlite3'));
  });

  it('refuses a missing app folder and a duplicate label', () => {
    assert.throws(() => resolveConfig({ apps: ['./apps/missing'] }, dir, 'stratum.config.ts', {}), /app folder '.\/apps\/missing' does not exist/);
    assert.throws(() => resolveConfig({ apps: ['./apps/library', { path: './apps/library' }] }, dir, undefined, {}), /app label 'library' is used twice/);
  });
});
