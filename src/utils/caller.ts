import { fileURLToPath } from 'node:url';
import path from 'node:path';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ownSources = [path.join(packageRoot, 'src') + path.sep, path.join(packageRoot, 'dist') + path.sep];

/**
 * The first file on the call stack outside stratum itself: the user's models.ts that called
 * defineModel. Used only to name the file in error messages, so it is computed when needed.
 */
export function callerFile(stack: string | undefined = new Error().stack): string | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^():]+?)(?::\d+){1,2}\)?\s*$/.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (file.includes(`${path.sep}node_modules${path.sep}`) && !file.includes(`${path.sep}node_modules${path.sep}stratum${path.sep}`)) continue;
    if (ownSources.some((dir) => file.startsWith(dir))) continue;
    if (file.startsWith('node:')) continue;
    return file;
  }
  return undefined;
}
