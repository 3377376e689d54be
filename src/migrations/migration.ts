import { MigrationFileError } from './errors.js';
import { Operation } from './operations/operation.js';

/** `[appLabel, migrationName]`; the name may be `__first__` or `__latest__` in dependencies. */
export type MigrationKey = readonly [string, string];

export interface MigrationOptions {
  dependencies?: readonly MigrationKey[];
  operations?: readonly Operation[];
  /** Run in one transaction where the database allows (default true). */
  atomic?: boolean;
  initial?: boolean;
  /** A squashed migration lists the migrations it replaces. */
  replaces?: readonly MigrationKey[];
  /** Migrations of other apps that must run after this one. */
  runBefore?: readonly MigrationKey[];
}

function checkKeys(what: string, keys: unknown): readonly MigrationKey[] {
  if (keys === undefined) return [];
  if (!Array.isArray(keys) || keys.some((k) => !Array.isArray(k) || k.length !== 2 || typeof k[0] !== 'string' || typeof k[1] !== 'string')) {
    throw new MigrationFileError(`'${what}' must be a list of ['app', 'migration_name'] pairs`);
  }
  return Object.freeze(keys.map((k) => Object.freeze([k[0], k[1]] as const)));
}

/**
 * A migration file's default export: `export default new Migration({ dependencies, operations })`. Its app
 * label and name come from where the file is (`apps/library/migrations/0002_book_isbn.ts`).
 */
export class Migration {
  readonly dependencies: readonly MigrationKey[];
  readonly operations: readonly Operation[];
  readonly atomic: boolean;
  readonly initial: boolean;
  readonly replaces: readonly MigrationKey[];
  readonly runBefore: readonly MigrationKey[];
  /** Set by the loader. */
  appLabel = '';
  name = '';
  file: string | undefined;
  /** sha256 of the file's text, stored in stratum_migrations when applied. */
  checksum: string | undefined;

  constructor(options: MigrationOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new MigrationFileError('new Migration() takes an options object');
    const known = new Set(['dependencies', 'operations', 'atomic', 'initial', 'replaces', 'runBefore']);
    for (const key of Object.keys(options)) {
      if (!known.has(key)) throw new MigrationFileError(`new Migration() has no option '${key}' (it takes ${[...known].join(', ')})`);
    }
    this.dependencies = checkKeys('dependencies', options.dependencies);
    this.replaces = checkKeys('replaces', options.replaces);
    this.runBefore = checkKeys('runBefore', options.runBefore);
    const operations = options.operations ?? [];
    if (!Array.isArray(operations)) throw new MigrationFileError("'operations' must be a list of operations");
    operations.forEach((op, i) => {
      if (!(op instanceof Operation)) throw new MigrationFileError(`operation #${i + 1} is not an operation (use ops.AddField({...}) and friends)`);
    });
    this.operations = Object.freeze([...operations]);
    this.atomic = options.atomic ?? true;
    this.initial = options.initial ?? false;
  }

  get key(): string {
    return `${this.appLabel}.${this.name}`;
  }

  toString(): string {
    return this.key;
  }
}
