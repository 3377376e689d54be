import path from 'node:path';
import { exitCodeFor } from '../../errors.js';
import { err as styles } from './colors.js';
import { oneLine } from './failure.js';
import { forDisplay } from './paths.js';

/**
 * A failure the library returned as data rather than threw (a migration failing halfway through
 * `migrate`): the same one line on stderr as a thrown error, and the exit code for its code.
 */
export function reportResultError(error: { code: string; message: string; file?: string }, configDir: string): number {
  const where = error.file ? `${forDisplay(path.resolve(configDir, error.file))}: ` : '';
  process.stderr.write(`${styles.red('error:')} ${where}${oneLine(error.message)}\n`);
  return exitCodeFor(error.code);
}
