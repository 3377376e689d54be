import type { Kysely } from 'kysely';
import type { Dialect } from '../db/dialect.js';
import { fields } from './fields.js';
import { createModelState } from '../state/model-state.js';
import { ProjectState } from '../state/project-state.js';
import { resolveModel } from '../state/resolved-model.js';
import { nodeKey, type NodeKey } from './graph.js';

export const RECORDER_TABLE = 'stratum_migrations';

/** One row of `stratum_migrations`. */
export interface AppliedMigration {
  readonly app: string;
  readonly name: string;
  readonly applied: Date;
  readonly checksum: string | null;
}

/**
 * The table is described as a model state and created by the dialect's schema editor, like Django's
 * `Migration` model: one DDL path, and the column types follow each dialect's field mapping.
 */
const recorderState = ProjectState.fromModels([
  createModelState('stratum', 'Migration', [
    ['id', fields.BigAutoField({ primaryKey: true })],
    ['app', fields.CharField({ maxLength: 255 })],
    ['name', fields.CharField({ maxLength: 255 })],
    ['applied', fields.DateTimeField()],
    ['checksum', fields.CharField({ maxLength: 64, null: true })],
  ], { dbTable: RECORDER_TABLE }),
]);

/** Django's MigrationRecorder over `stratum_migrations` (id, app, name, applied, checksum). */
export class MigrationRecorder {
  /** Once the table is known to exist it stays: reading the catalog (every table's columns) is not cheap. */
  #exists = false;

  constructor(readonly db: Kysely<any>, readonly dialect: Dialect) {}

  async hasTable(): Promise<boolean> {
    this.#exists ||= (await this.db.introspection.getTables()).some((t) => t.name === RECORDER_TABLE);
    return this.#exists;
  }

  /** Creates the table when missing. Call under the migration lock so two runs do not race. */
  async ensureSchema(): Promise<void> {
    if (await this.hasTable()) return;
    const editor = this.dialect.createSchemaEditor(this.db, { collect: false });
    await editor.createModel(resolveModel(recorderState, 'stratum', 'Migration'));
    await editor.finish();
    this.#exists = true;
  }

  /** Applied migrations keyed `app.name`, in the order they were applied. */
  async appliedMigrations(): Promise<Map<NodeKey, AppliedMigration>> {
    if (!(await this.hasTable())) return new Map();
    const rows = await this.db.selectFrom(RECORDER_TABLE).select(['app', 'name', 'applied', 'checksum']).orderBy('id').execute();
    return new Map(rows.map((r) => [nodeKey(r.app, r.name), {
      app: r.app,
      name: r.name,
      applied: this.dialect.dateTimeFromDatabase(r.applied),
      checksum: r.checksum ?? null,
    }]));
  }

  async recordApplied(app: string, name: string, checksum: string | undefined): Promise<void> {
    await this.db.insertInto(RECORDER_TABLE).values({
      app,
      name,
      applied: this.dialect.dateTimeToDatabase(new Date()),
      checksum: checksum ?? null,
    }).execute();
  }

  async recordUnapplied(app: string, name: string): Promise<void> {
    await this.db.deleteFrom(RECORDER_TABLE).where('app', '=', app).where('name', '=', name).execute();
  }
}
