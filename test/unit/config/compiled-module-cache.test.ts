import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModule } from '../../../src/config/module-loader.js';
import { Migration } from '../../../src/migrations/migration.js';

describe('compiled-module cache', () => {
  let cache: string;
  let project: string;
  const previous = process.env.STRATUM_CACHE_DIR;

  beforeEach(() => {
    cache = mkdtempSync(path.join(os.tmpdir(), 'stratum-cache-test-'));
    project = mkdtempSync(path.join(os.tmpdir(), 'stratum-cache-project-'));
    process.env.STRATUM_CACHE_DIR = cache;
  });

  afterEach(() => {
    if (previous === undefined) delete process.env.STRATUM_CACHE_DIR;
    else process.env.STRATUM_CACHE_DIR = previous;
    rmSync(cache, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  it('compiles a self-contained migration once and imports it from the cache, sharing stratum\'s classes', async () => {
    const file = path.join(project, '0001_initial.ts');
    writeFileSync(file, "import { Migration } from 'stratum/migrations';\nconst n: number = 1;\nexport default new Migration({ operations: [] });\nexport const answer = n;\n");
    const first = await loadModule(file, { cache: true });
    assert.ok(first.namespace.default instanceof Migration);
    assert.deepEqual(readdirSync(cache).filter((f) => f.endsWith('.mjs')).length, 1);
    const second = await loadModule(file, { cache: true });
    assert.equal(second.namespace, first.namespace, 'the same cached module is reused');
  });

  it('leaves a file with other imports to the TypeScript loader, and remembers that', async () => {
    writeFileSync(path.join(project, 'helper.ts'), 'export const value = 42;\n');
    const file = path.join(project, 'uses-helper.ts');
    writeFileSync(file, "import { value } from './helper.ts';\nexport default value;\n");
    const loaded = await loadModule(file, { cache: true });
    assert.equal(loaded.namespace.default, 42);
    assert.deepEqual(readdirSync(cache).map((f) => path.extname(f)), ['.skip']);
  });
});
