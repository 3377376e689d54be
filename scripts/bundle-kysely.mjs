#!/usr/bin/env node
/**
 * Build step after tsc: replaces dist/db/kysely.js (a plain `export * from 'kysely'`) with Kysely bundled
 * into one ES module, so that commands load one file instead of ~280 (see src/db/kysely.ts).
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  stdin: { contents: "export * from 'kysely';", resolveDir: root, loader: 'js' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: path.join(root, 'dist', 'db', 'kysely.js'),
  logLevel: 'warning',
});
