import path from 'node:path';
import type { ResolvedConfig } from '../config/config.js';
import { UnknownAppError } from '../errors.js';
import { ConflictingMigrationsError } from './errors.js';
import type { MigrationLoader } from './loader.js';

/** Paths in results are relative to the config file's folder (API.md §8). */
export function relativePath(config: ResolvedConfig, file: string): string {
  return path.relative(config.baseDir, file) || '.';
}

/** Raises UnknownAppError for a label no configured app has. */
export function requireApps(config: ResolvedConfig, labels: readonly string[]): void {
  for (const label of labels) {
    if (!config.apps.some((a) => a.label === label)) {
      const known = config.apps.map((a) => a.label).join(', ') || 'none';
      throw new UnknownAppError(`no installed app with label '${label}' (configured apps: ${known})`, { file: config.file });
    }
  }
}

/** Refuses to work on a graph with several leaves in one app, with the command that fixes it. */
export function refuseConflicts(loader: MigrationLoader): void {
  const conflicts = loader.detectConflicts();
  if (conflicts.size === 0) return;
  const listing = [...conflicts].map(([app, names]) => `${names.join(', ')} in ${app}`).join('; ');
  throw new ConflictingMigrationsError(
    `conflicting migrations detected; multiple leaf nodes in the migration graph: (${listing}). To fix them run 'stratum makemigrations --merge'`,
  );
}
