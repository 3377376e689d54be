import type { Field } from '../models/fields.js';

/**
 * Every decision makemigrations cannot take alone goes through a questioner (Django's
 * MigrationQuestioner): interactive (inquirer), non-interactive (`--no-input`) or scripted in tests.
 * Nothing below `src/commands/` reads stdin; the interactive questioner is the one exception by design.
 */
export interface Questioner {
  /** Was `model.oldName` renamed to `model.newName`? (`modelName` lower-cased, as Django asks.) */
  askRenameField(modelName: string, oldName: string, newName: string, field: Field, appLabel?: string): Promise<boolean>;
  /** Was the model `oldName` renamed to `newName`? */
  askRenameModel(oldName: string, newName: string, appLabel?: string): Promise<boolean>;
  /**
   * Called once every possible rename has been asked about, before any other question: a questioner that
   * cannot answer (`--no-input`) reports all the undecided candidates together here.
   */
  renamesDone?(): void;
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
