import type { ShowmigrationsEntry } from '../../migrations/api-types.js';
import { out } from './colors.js';

/** The timestamp Django shows at verbosity 2: `2026-01-31 12:00:00`, in UTC. */
function appliedAt(entry: ShowmigrationsEntry): string {
  return entry.appliedAt ? ` (applied at ${entry.appliedAt.slice(0, 19).replace('T', ' ')})` : '';
}

/**
 * Django's `showmigrations` list: an app heading, then ` [X] 0001_initial` or ` [ ] 0002_…`; a squashed
 * migration that counts as applied but is not recorded itself shows `[-]` with how to finish recording;
 * an app without migrations shows ` (no migrations)`.
 */
export function renderPerApp(entries: readonly ShowmigrationsEntry[], apps: readonly string[], verbose: boolean): string[] {
  const lines: string[] = [];
  for (const app of apps) {
    lines.push(out.bold(app));
    const own = entries.filter((e) => e.app === app);
    if (own.length === 0) lines.push(out.dim(' (no migrations)'));
    for (const entry of own) {
      let title = entry.name;
      if (entry.replaces?.length) title += ` (${entry.replaces.length} squashed migrations)`;
      if (!entry.applied) lines.push(` [ ] ${title}`);
      else if (entry.appliedAt === null) lines.push(` ${out.yellow('[-]')} ${title} Run 'stratum migrate' to finish recording.`);
      else lines.push(` ${out.green('[X]')} ${title}${verbose ? appliedAt(entry) : ''}`);
    }
  }
  return lines;
}

/** Django's `showmigrations --plan`: `[X]  library.0001_initial`, with dependencies under --verbose. */
export function renderPlan(entries: readonly ShowmigrationsEntry[], verbose: boolean): string[] {
  if (entries.length === 0) return ['(no migrations)'];
  return entries.map((entry) => {
    const mark = entry.applied ? out.green('[X]') : '[ ]';
    const deps = verbose && entry.dependencies.length ? ` ... (${entry.dependencies.join(', ')})` : '';
    return `${mark}  ${entry.app}.${entry.name}${deps}`;
  });
}
