import { StratumError } from '../errors.js';

/** An operation refers to a model or field that does not exist at its point of the history. */
export class NodeStateError extends StratumError {
  override readonly code: string = 'MIGRATION_FILE_ERROR';
}
