/**
 * `npm run bench:cli`: how long the stratum CLI takes to start, side by side with Django where installed.
 *
 * Median wall time over RUNS runs (after WARMUPS discarded ones) of `node bin/run.js --help` and of
 * `node bin/run.js showmigrations` on a migrated copy of migrations-fixtures/library (SQLite), against
 * `python3 manage.py help` and `python3 manage.py showmigrations` on the same models in Django
 * (bench/fixtures/django-library, migrations made by Django's own makemigrations). Targets: --help under
 * 300 ms; showmigrations under half of Django's. STRATUM_BENCH_PYTHON picks the Python to use.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.STRATUM_BENCH_RUNS ?? 15);
const WARMUPS = 2;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'run.js');
const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete env.DATABASE_URL;

function run(command: string, args: readonly string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}${result.stdout}`);
}

/** Median wall time in milliseconds of running the command RUNS times, after WARMUPS unmeasured runs. */
function medianMs(command: string, args: readonly string[], cwd: string): number {
  for (let i = 0; i < WARMUPS; i++) run(command, args, cwd);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run(command, args, cwd);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  return times.length % 2 ? times[middle]! : (times[middle - 1]! + times[middle]!) / 2;
}

/** The first Python that can import Django, or undefined. */
function findDjangoPython(): string | undefined {
  const candidates = [process.env.STRATUM_BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  return candidates.find((python) => spawnSync(python, ['-c', 'import django'], { stdio: 'ignore' }).status === 0);
}

function stratumProject(dir: string): string {
  const project = path.join(dir, 'stratum');
  cpSync(path.join(root, 'migrations-fixtures', 'library'), project, { recursive: true, filter: (f) => !f.endsWith('.sqlite3') });
  if (!existsSync(path.join(project, 'apps', 'library', 'migrations', '0001_initial.ts'))) run(process.execPath, [bin, 'makemigrations'], project);
  run(process.execPath, [bin, 'migrate'], project);
  return project;
}

function djangoProject(dir: string, python: string): string {
  const project = path.join(dir, 'django');
  cpSync(path.join(root, 'bench', 'fixtures', 'django-library'), project, { recursive: true });
  run(python, ['manage.py', 'makemigrations', 'library'], project);
  run(python, ['manage.py', 'migrate'], project);
  return project;
}

const ms = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(0)} ms`);

function main(): void {
  if (!existsSync(path.join(root, 'dist', 'commands', 'index.js'))) run('npm', ['run', 'build'], root);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stratum-bench-cli-'));
  try {
    const python = findDjangoPython();
    const stratumDir = stratumProject(dir);
    const djangoDir = python ? djangoProject(dir, python) : undefined;
    const djangoVersion = python ? spawnSync(python, ['-c', 'import django; print(django.get_version())'], { encoding: 'utf8' }).stdout.trim() : undefined;
    const rows = [
      { name: '--help', stratum: medianMs(process.execPath, [bin, '--help'], stratumDir), django: djangoDir ? medianMs(python!, ['manage.py', 'help'], djangoDir) : undefined },
      { name: 'showmigrations', stratum: medianMs(process.execPath, [bin, 'showmigrations'], stratumDir), django: djangoDir ? medianMs(python!, ['manage.py', 'showmigrations'], djangoDir) : undefined },
    ];
    const baseline = medianMs(process.execPath, ['-e', '0'], dir);

    console.log(`CLI start-up, median of ${RUNS} runs after ${WARMUPS} warm-ups (Node ${process.version}${djangoVersion ? `, Django ${djangoVersion} on ${python}` : ''})\n`);
    console.log(`${'command'.padEnd(16)}${'stratum'.padStart(10)}${'django'.padStart(10)}${'stratum/django'.padStart(16)}`);
    for (const row of rows) {
      const ratio = row.django ? (row.stratum / row.django).toFixed(2) : '-';
      console.log(`${row.name.padEnd(16)}${ms(row.stratum).padStart(10)}${ms(row.django).padStart(10)}${ratio.padStart(16)}`);
    }
    console.log(`\n(node -e 0 alone: ${ms(baseline)})`);
    const [help, show] = rows as [typeof rows[0], typeof rows[0]];
    console.log(`target --help < 300 ms: ${help.stratum < 300 ? 'met' : 'MISSED'}`);
    if (show.django) console.log(`target showmigrations < half of Django's: ${show.stratum < show.django / 2 ? 'met' : 'MISSED'}`);
    else console.log("Django is not installed, so there is nothing to compare with: apt-get install python3-django (or pip install django), then run again.");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
