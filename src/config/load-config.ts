import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { resolveConfig, type ResolvedConfig } from './config.js';
import { describeLoadError, loadModule } from './module-loader.js';

export const CONFIG_FILE_NAMES = ['stratum.config.ts', 'stratum.config.mts', 'stratum.config.js', 'stratum.config.mjs'];

/** Walks up from `cwd` to the first folder holding a stratum config file. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads the configuration: `--config PATH` when given, else the nearest `stratum.config.ts` above `cwd`.
 * With no file at all, the project is `cwd` with no apps and the SQLite default (API.md §1).
 */
export async function loadConfig(options: { config?: string; cwd?: string } = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  let file: string | undefined;
  if (options.config) {
    file = path.resolve(cwd, options.config);
    if (!existsSync(file)) throw new ConfigError(`config file not found`, { file });
  } else {
    file = findConfigFile(cwd);
  }
  if (!file) return resolveConfig({ apps: [] }, cwd, undefined);
  let exported: unknown;
  try {
    const { namespace } = await loadModule(file, { cache: true });
    exported = namespace.default;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(describeLoadError(error), { file, cause: error });
  }
  if (exported === undefined) throw new ConfigError('has no default export (export default defineConfig({ ... }))', { file });
  return resolveConfig(exported, path.dirname(file), file);
}
