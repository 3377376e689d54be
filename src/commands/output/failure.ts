import path from 'node:path';
import { Errors } from '@oclif/core';
import { StratumError } from '../../errors.js';
import { err as styles } from './colors.js';
import { forDisplay } from './paths.js';

/**
 * Exit code of an error that is neither the user's nor the database's: a bug in stratum (sysexits'
 * EX_SOFTWARE), distinct from 1, which means "a --check found something".
 */
export const INTERNAL_ERROR_EXIT = 70;

/** How a failed command reports itself: lines for stderr, the JSON document, and the exit code. */
export interface Failure {
  readonly exitCode: number;
  readonly lines: readonly string[];
  readonly json: { error: { code: string; message: string; file?: string } };
}

/** The error's message on one line: the CLI prints exactly one line per failure (API.md §8). */
export function oneLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.reduce((text, line) => (text === '' ? line : `${text}${text.endsWith(':') ? ' ' : '; '}${line}`), '');
}

/**
 * oclif's parse errors are small tables ("Missing 1 required arg:\nname  Migration name…\nSee more help
 * with --help"): keep the sentence and the names it lists.
 */
function usageLine(message: string): string {
  const [first = '', ...rest] = message.split('\n').map((l) => l.trim()).filter((l) => l && !/^See more help/.test(l));
  if (!first.endsWith(':') || rest.length === 0) return oneLine([first, ...rest].join('\n'));
  return `${first} ${rest.map((l) => l.split(/\s+/)[0]).join(', ')}`;
}

/**
 * Classifies what a command threw: a StratumError (2 user, 3 database) names its file; oclif's own
 * argument and flag errors are usage errors (2); anything else is an internal error (70) whose stack is
 * shown only under --verbose. `configDir` is where JSON paths are relative to (API.md §8).
 */
export function describeFailure(error: unknown, options: { verbose: boolean; configDir: string }): Failure {
  const extra = (hint: string | undefined) => {
    if (!options.verbose) return [];
    const stack = error instanceof Error && error.stack ? [styles.dim(error.stack)] : [];
    return [...(hint ? [`hint: ${hint}`] : []), ...stack];
  };
  if (error instanceof StratumError) {
    const message = oneLine(error.message);
    const where = error.file ? `${forDisplay(error.file)}: ` : '';
    const file = error.file ? path.relative(options.configDir, error.file) || '.' : undefined;
    return {
      exitCode: error.exitCode,
      lines: [`${styles.red('error:')} ${where}${message}`, ...extra(error.hint)],
      json: { error: { code: error.code, message, ...(file ? { file } : {}) } },
    };
  }
  if (error instanceof Errors.CLIError) {
    const message = `${usageLine(error.message)} (see --help)`;
    return { exitCode: 2, lines: [`${styles.red('error:')} ${message}`], json: { error: { code: 'USAGE_ERROR', message } } };
  }
  if (error instanceof Error && error.name === 'ExitPromptError') {
    // Ctrl-C at one of makemigrations' questions (inquirer): a cancellation, exit 130 as for SIGINT.
    return { exitCode: 130, lines: [`${styles.red('error:')} cancelled`], json: { error: { code: 'CANCELLED', message: 'cancelled' } } };
  }
  const message = oneLine(error instanceof Error ? error.message : String(error)) || 'unknown failure';
  return {
    exitCode: INTERNAL_ERROR_EXIT,
    lines: [`${styles.red('error:')} internal error: ${message}`, ...extra(undefined)],
    json: { error: { code: 'INTERNAL_ERROR', message } },
  };
}
