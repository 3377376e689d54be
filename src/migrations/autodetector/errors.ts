import { StratumError } from '../../errors.js';
import { MissingDefaultError } from '../errors.js';

/**
 * A rename was confirmed, but RenameField/RenameModel do not exist yet. stratum never drops and re-adds a
 * column silently, so it stops here rather than write a migration that would lose the column's data.
 */
export class RenameNotSupportedError extends StratumError {
  override readonly code: string = 'RENAME_NOT_SUPPORTED';
}

export function fieldRenameNotSupported(appLabel: string, modelName: string, oldName: string, newName: string): RenameNotSupportedError {
  return new RenameNotSupportedError(
    `${appLabel}.${modelName}.${oldName} was renamed to ${newName}, but stratum cannot write RenameField yet: renames land with the next issue`,
    { hint: `answer no (or pass --no-renames) to remove ${oldName} and add ${newName}, losing the column's data, or write the migration by hand` },
  );
}

export function modelRenameNotSupported(appLabel: string, oldName: string, newName: string): RenameNotSupportedError {
  return new RenameNotSupportedError(
    `${appLabel}.${oldName} was renamed to ${newName}, but stratum cannot write RenameModel yet: renames land with the next issue`,
    { hint: `answer no (or pass --no-renames) to delete ${oldName} and create ${newName}, losing the table's data, or write the migration by hand` },
  );
}

/**
 * Django's refusal to add a non-nullable field without a default, naming the field (`library.book.isbn`
 * when the app is known) and the ways out.
 */
export function missingDefault(appLabel: string | undefined, modelName: string, fieldName: string): MissingDefaultError {
  const where = `${appLabel ? `${appLabel}.` : ''}${modelName}.${fieldName}`;
  return new MissingDefaultError(
    `It is impossible to add a non-nullable field '${fieldName}' to ${modelName} without specifying a default (${where}): `
    + 'give the field a default, or null: true, or run makemigrations interactively to provide a one-off default',
    { hint: 'the database needs a value for the rows that already exist' },
  );
}
