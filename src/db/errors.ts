import { StratumError } from '../errors.js';

/**
 * A failure reported by the database (exit code 3). The driver's error is kept as `cause`; the message is
 * one line that names the database and, where we can tell, what to do about it.
 */
export class DatabaseError extends StratumError {
  override readonly code: string = 'DATABASE_ERROR';
  override readonly exitCode: number = 3;
}

/** A constraint refused a write: unique, foreign key, not null or check (Django's IntegrityError). */
export class IntegrityError extends DatabaseError {
  override readonly code: string = 'INTEGRITY_ERROR';
}

/** The database could not be reached or refused the login. */
export class ConnectionError extends DatabaseError {
  override readonly code: string = 'CONNECTION_ERROR';
}

/** Another process held the migration lock for longer than we were willing to wait. */
export class LockTimeoutError extends DatabaseError {
  override readonly code: string = 'LOCK_TIMEOUT';
}
