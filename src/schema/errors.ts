import { StratumError } from '../errors.js';

/** A schema change that this database (or stratum) cannot make, with what to do instead. */
export class SchemaChangeError extends StratumError {
  override readonly code: string = 'SCHEMA_CHANGE_ERROR';
}
