import type { Field } from '../models/fields.js';

/**
 * Every decision makemigrations cannot take alone goes through a questioner (Django's
 * MigrationQuestioner): interactive (inquirer), non-interactive (`--no-input`) or scripted in tests.
 * Nothing below `src/commands/` reads stdin; the interactive questioner is the one exception by design.
 */
export interface Questioner {
  /** Was `model.oldName` renamed to `model.newName`? */
  askRenameField(modelName: string, oldName: string, newName: string, field: Field): Promise<boolean>;
  /** Was the model `oldName` renamed to `newName`? */
  askRenameModel(oldName: string, newName: string): Promise<boolean>;
  /**
   * A non-null field is added without a default: return a one-off default for existing rows (a value, or
   * a JavaScript expression string when `expression` is true), or throw to abort.
   */
  askNotNullAddition(modelName: string, fieldName: string, field: Field): Promise<{ value: unknown } | undefined>;
  /** A field becomes non-null: a one-off default for existing NULLs, `undefined` to leave it to the user. */
  askNotNullAlteration(modelName: string, fieldName: string, field: Field): Promise<{ value: unknown } | undefined>;
  /** `autoNow`/`autoNowAdd` added to existing rows: the timestamp for them. */
  askAutoNowAddAddition(modelName: string, fieldName: string): Promise<{ value: unknown }>;
  /** Should a merge migration be written for these leaves? */
  askMerge(appLabel: string, leaves: readonly string[]): Promise<boolean>;
}
