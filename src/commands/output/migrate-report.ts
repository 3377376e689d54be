import type { ResolvedConfig } from '../../config/config.js';
import type { MigrateOptions, MigrateResult, MigrationResult, PlanEntry } from '../../migrations/api-types.js';
import { out } from './colors.js';

type ProgressEvent = Parameters<NonNullable<MigrateOptions['onProgress']>>[0];

const VERB = { forwards: 'Applying', backwards: 'Unapplying' } as const;

const STATUS: Readonly<Record<MigrationResult['status'], string>> = {
  applied: out.green('OK'),
  unapplied: out.green('OK'),
  faked: out.green('FAKED'),
  failed: out.red('FAILED'),
};

/**
 * Django's `migrate` output, written live as each migration starts and ends:
 *
 * ```
 * Operations to perform:
 *   Apply all migrations: library
 * Running migrations:
 *   Applying library.0001_initial... OK (12 ms)
 * ```
 *
 * The heading is written with the first migration (or at the end when there is none), so an error found
 * before anything runs (unknown app, bad file) prints only its error line.
 */
export class MigrateReport {
  #headed = false;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly args: { app?: string | undefined; target?: string | undefined },
    private readonly write: (text: string) => unknown,
  ) {}

  progress(event: ProgressEvent): void {
    this.#heading();
    if (event.phase === 'start') {
      this.write(`  ${VERB[event.entry.direction]} ${event.entry.app}.${event.entry.name}...`);
    } else if (event.result) {
      this.write(` ${STATUS[event.result.status]} ${out.dim(`(${event.result.ms} ms)`)}\n`);
    }
  }

  /** After a real run: says so when there was nothing to do. */
  finish(result: MigrateResult): void {
    if (result.results.length > 0 || result.error) return;
    this.#heading();
    this.write('  No migrations to apply.\n');
  }

  /** `migrate --plan`: Django's `Planned operations:` listing. */
  plan(entries: readonly PlanEntry[]): void {
    this.write(`${out.bold('Planned operations:')}\n`);
    if (entries.length === 0) this.write('  No planned migration operations.\n');
    for (const entry of entries) {
      const undo = entry.direction === 'backwards' ? ' (unapply)' : '';
      this.write(`  ${entry.app}.${entry.name}${undo}\n`);
    }
  }

  #heading(): void {
    if (this.#headed) return;
    this.#headed = true;
    const { app, target } = this.args;
    let what: string;
    if (!app) what = `${out.bold('  Apply all migrations:')} ${this.config.apps.map((a) => a.label).sort().join(', ') || '(none)'}`;
    else if (target === undefined) what = `${out.bold('  Apply all migrations:')} ${app}`;
    else if (target === 'zero') what = `${out.bold('  Unapply all migrations:')} ${app}`;
    else what = `${out.bold('  Target specific migration:')} ${target}, from ${app}`;
    this.write(`${out.cyan.bold('Operations to perform:')}\n${what}\n${out.cyan.bold('Running migrations:')}\n`);
  }
}
