import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig, type ResolvedConfig } from '../../src/config/config.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations-fixtures');

/** A scratch copy of fixture apps in a temp folder, so tests may edit and write migrations freely. */
export interface ScratchProject {
  readonly dir: string;
  readonly config: ResolvedConfig;
  remove(): void;
}

/**
 * Copies `migrations-fixtures/<situation>/<app>` folders to a temp dir and configures them against
 * `databaseUrl`, ignoring DATABASE_URL from the environment.
 */
export function scratchProject(situation: string, apps: readonly string[], databaseUrl: string): ScratchProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), `stratum-${situation.replace(/\W/g, '-')}-`));
  for (const app of apps) cpSync(path.join(FIXTURES, situation, app), path.join(dir, app), { recursive: true });
  const config = resolveConfig({ apps: apps.map((a) => `./${a}`), databases: { default: { url: databaseUrl } } }, dir, undefined, {});
  return { dir, config, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
