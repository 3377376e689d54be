import path from 'node:path';

/**
 * A path for a human reading the terminal: relative to the cwd when inside it (as Django prints migration
 * files), absolute otherwise.
 */
export function forDisplay(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
