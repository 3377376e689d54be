import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = path.join(root, 'bin', 'run.js');
const fixture = path.join(root, 'migrations-fixtures', 'library');

/** What a run of the real binary printed and how it exited. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A throw-away copy of migrations-fixtures/library that the tests may edit freely. */
export interface FixtureCopy {
  readonly dir: string;
  /** Runs `node bin/run.js ARGS` in the copy (built dist/, as a user would), without colours. */
  run(args: readonly string[], env?: Readonly<Record<string, string>>): CliRun;
  /** Runs with `--json` added and parses stdout, which must hold exactly one JSON document. */
  json<T = any>(args: readonly string[], env?: Readonly<Record<string, string>>): CliRun & { body: T };
  path(...parts: string[]): string;
  remove(): void;
}

/**
 * Copies the fixture to a temp folder. Without `migrations`, the copy has no migrations folder, so that
 * makemigrations has everything to do. `databaseUrl` becomes DATABASE_URL for every run; without it the
 * fixture's own `sqlite:./db.sqlite3` inside the copy is used.
 */
export function copyFixture(options: { migrations?: boolean; databaseUrl?: string } = {}): FixtureCopy {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stratum-e2e-'));
  cpSync(fixture, dir, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(fixture, source);
      if (relative.endsWith('.sqlite3')) return false;
      return options.migrations === true || !/(^|[\\/])migrations([\\/]|$)/.test(relative);
    },
  });
  const run = (args: readonly string[], env: Readonly<Record<string, string>> = {}): CliRun => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
    delete childEnv.FORCE_COLOR;
    if (options.databaseUrl && !('DATABASE_URL' in env)) childEnv.DATABASE_URL = options.databaseUrl;
    else if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
    const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env: childEnv, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return {
    dir,
    run,
    json(args, env) {
      const result = run([...args, '--json'], env);
      let body: any;
      try {
        body = JSON.parse(result.stdout);
      } catch {
        assert.fail(`stdout of stratum ${args.join(' ')} --json is not one JSON document:\n${result.stdout}\nstderr:\n${result.stderr}`);
      }
      return { ...result, body };
    },
    path: (...parts) => path.join(dir, ...parts),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Asserts the exit status, showing what the run printed when it differs; returns the run. */
export function expectStatus<T extends CliRun>(run: T, status: number): T {
  assert.equal(run.status, status, `exit ${run.status}, expected ${status}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return run;
}

/** Lines of output without the trailing empty one. */
export function lines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

/** Asserts a failure printed exactly one line on stderr, without a stack trace, and returns it. */
export function oneErrorLine(run: CliRun): string {
  const printed = lines(run.stderr).filter((l) => l !== '');
  assert.equal(printed.length, 1, `expected one line on stderr, got:\n${run.stderr}`);
  assert.match(printed[0]!, /^error: /);
  assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace without --verbose');
  return printed[0]!;
}

/**
 * Runs a command that must fail, twice: for humans (exactly one `error:` line on stderr, no stack) and
 * with `--json` (`{ "error": { code, message, file? } }` on stdout), both with `status`. Returns the line
 * and the JSON error for further checks.
 */
export function expectFailure(
  project: FixtureCopy,
  args: readonly string[],
  expected: { status: number; code: string; env?: Readonly<Record<string, string>> },
): { line: string; error: { code: string; message: string; file?: string } } {
  const line = oneErrorLine(expectStatus(project.run(args, expected.env), expected.status));
  const json = project.json(args, expected.env);
  expectStatus(json, expected.status);
  assert.deepEqual(Object.keys(json.body), ['error']);
  assert.equal(json.body.error.code, expected.code);
  assert.equal(typeof json.body.error.message, 'string');
  return { line, error: json.body.error };
}

/** The exact keys of an object, sorted, for shape assertions. */
export function keys(value: object): string[] {
  return Object.keys(value).sort();
}
