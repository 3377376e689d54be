import { AddConstraint, AddIndex, RemoveConstraint, RemoveIndex } from './indexes.js';
import { AddField, AlterField, RemoveField, type AddFieldOptions } from './fields.js';
import { CreateModel, DeleteModel, type CreateModelOptions } from './models.js';
import { RunCode, RunSQL, SeparateDatabaseAndState, type RunCodeOptions, type RunSQLOptions } from './special.js';
import type { ConstraintDef, IndexDef } from '../../models/indexes.js';
import type { Operation } from './operation.js';

export { Operation } from './operation.js';
export { AddConstraint, AddIndex, RemoveConstraint, RemoveIndex } from './indexes.js';
export { AddField, AlterField, RemoveField } from './fields.js';
export { CreateModel, DeleteModel } from './models.js';
export { RunCode, RunSQL, SeparateDatabaseAndState } from './special.js';

/**
 * The `ops` namespace of migration files: `ops.AddField({ modelName: 'book', name: 'isbn', field })`.
 * Each call builds the operation class of the same name.
 */
export const operations = {
  CreateModel: (options: CreateModelOptions) => new CreateModel(options),
  DeleteModel: (options: { name: string }) => new DeleteModel(options),
  AddField: (options: AddFieldOptions) => new AddField(options),
  RemoveField: (options: { modelName: string; name: string }) => new RemoveField(options),
  AlterField: (options: AddFieldOptions) => new AlterField(options),
  AddIndex: (options: { modelName: string; index: IndexDef }) => new AddIndex(options),
  RemoveIndex: (options: { modelName: string; name: string }) => new RemoveIndex(options),
  AddConstraint: (options: { modelName: string; constraint: ConstraintDef }) => new AddConstraint(options),
  RemoveConstraint: (options: { modelName: string; name: string }) => new RemoveConstraint(options),
  RunSQL: (options: RunSQLOptions) => new RunSQL(options),
  RunCode: (options: RunCodeOptions) => new RunCode(options),
  SeparateDatabaseAndState: (options: { databaseOperations?: readonly Operation[]; stateOperations?: readonly Operation[] }) =>
    new SeparateDatabaseAndState(options),
} as const;
