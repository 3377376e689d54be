import type { Operation } from './operations/operation.js';

/** Django's limit for a name built from fragments before it becomes `<first…>_and_more`. */
const MAX_FRAGMENT_NAME = 52;

/** `YYYYMMDD_HHMM` in UTC (Django's `get_migration_name_timestamp` with USE_TZ). */
export function migrationTimestamp(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}_${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}`;
}

/** `1` → `0001`. */
export function formatMigrationNumber(n: number): string {
  return String(n).padStart(4, '0');
}

/**
 * Django's `parse_number`: the number a migration name starts with; for a squashed migration
 * (`0001_squashed_0004_auto`) the last number it replaces. `undefined` when the name has no number.
 */
export function parseMigrationNumber(name: string): number | undefined {
  const squashed = /.*_squashed_(\d+)/.exec(name);
  if (squashed) return Number(squashed[1]);
  const match = /^\d+/.exec(name);
  return match ? Number(match[0]) : undefined;
}

/**
 * Django 4.2's `Migration.suggest_name()`: `initial` for an initial migration; otherwise the operations'
 * name fragments joined by `_` while the name stays within 52 characters, then `<so far>_and_more`;
 * `auto_YYYYMMDD_HHMM` when there are no operations or one of them has no fragment.
 *
 * @example
 * suggestName({ initial: false, operations: [addIsbn] }); // 'book_isbn'
 */
export function suggestName(migration: { readonly initial: boolean; readonly operations: readonly Operation[] }, now?: Date): string {
  if (migration.initial) return 'initial';
  const fragments = migration.operations
    .map((op) => op.migrationNameFragment)
    .filter((fragment): fragment is string => Boolean(fragment))
    .map((fragment) => fragment.replace(/\W+/g, '_'));
  if (fragments.length === 0 || fragments.length !== migration.operations.length) return `auto_${migrationTimestamp(now)}`;
  let name = fragments[0]!;
  for (const fragment of fragments.slice(1)) {
    const longer = `${name}_${fragment}`;
    if (longer.length > MAX_FRAGMENT_NAME) return `${name}_and_more`;
    name = longer;
  }
  return name;
}
