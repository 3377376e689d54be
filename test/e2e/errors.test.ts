import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { copyFixture, expectStatus, lines, oneErrorLine, type FixtureCopy } from './support/fixture-copy.js';

describe('stratum errors and exit codes (e2e)', function () {
  let project: FixtureCopy;

  beforeEach(() => {
    project = copyFixture();
  });

  afterEach(() => project.remove());

  it('a CharField without maxLength: exit 2, one line naming models.ts, the model and the field', () => {
    writeFileSync(project.path('apps', 'library', 'models.ts'), [
      "import { defineModel, CharField } from 'stratum';",
      "export const Shelf = defineModel('Shelf', { label: CharField() });",
      '',
    ].join('\n'));
    const run = project.run(['makemigrations']);
    expectStatus(run, 2);
    const line = oneErrorLine(run);
    assert.match(line, /^error: apps\/library\/models\.ts: /);
    assert.match(line, /Shelf/);
    assert.match(line, /label/);
    assert.match(line, /maxLength/);
    const { status, body } = project.json(['makemigrations']);
    assert.equal(status, 2);
    assert.equal(body.error.code, 'MODEL_DEFINITION_ERROR');
    assert.equal(body.error.file, 'apps/library/models.ts');
  });

  it('--verbose adds the stack trace to a user error', () => {
    writeFileSync(project.path('apps', 'library', 'models.ts'), "import { defineModel, CharField } from 'stratum';\nexport const Shelf = defineModel('Shelf', { label: CharField() });\n");
    const run = project.run(['makemigrations', '--verbose']);
    expectStatus(run, 2);
    assert.ok(lines(run.stderr).length > 1, run.stderr);
    assert.match(run.stderr, /^\s+at /m);
  });

  it('a migration file with a syntax error: exit 2 naming the file', () => {
    mkdirSync(project.path('apps', 'library', 'migrations'), { recursive: true });
    writeFileSync(project.path('apps', 'library', 'migrations', '0001_initial.ts'), "import { Migration } from 'stratum/migrations';\nexport default new Migration({ operations: [ });\n");
    for (const command of [['showmigrations'], ['migrate'], ['makemigrations']]) {
      const run = project.run(command);
      expectStatus(run, 2);
      assert.match(oneErrorLine(run), /^error: apps\/library\/migrations\/0001_initial\.ts: /);
    }
    const { body } = project.json(['showmigrations']);
    assert.deepEqual([body.error.code, body.error.file], ['MIGRATION_FILE_ERROR', 'apps/library/migrations/0001_initial.ts']);
  });

  it('an unknown app label: exit 2 for every command that takes one', () => {
    for (const command of [['showmigrations', 'nope'], ['makemigrations', 'nope'], ['migrate', 'nope'], ['sqlmigrate', 'nope', '0001']]) {
      const run = project.run(command);
      expectStatus(run, 2);
      assert.match(oneErrorLine(run), /nope/);
    }
    const { status, body } = project.json(['showmigrations', 'nope']);
    assert.equal(status, 2);
    assert.equal(body.error.code, 'UNKNOWN_APP');
    assert.equal(typeof body.error.message, 'string');
  });

  it('an unreachable database: exit 3, with CONNECTION_ERROR under --json', () => {
    expectStatus(project.run(['makemigrations']), 0);
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' };
    for (const command of ['migrate', 'showmigrations']) {
      const run = project.run([command], env);
      expectStatus(run, 3);
      oneErrorLine(run);
    }
    const { status, body } = project.json(['migrate'], env);
    assert.equal(status, 3);
    assert.equal(body.error.code, 'CONNECTION_ERROR');
  });

  it('a broken config file: exit 2 naming stratum.config.ts', () => {
    writeFileSync(project.path('stratum.config.ts'), "import { defineConfig } from 'stratum';\nexport default defineConfig({ apps: ['./apps/missing'] });\n");
    const run = project.run(['showmigrations']);
    expectStatus(run, 2);
    assert.match(oneErrorLine(run), /^error: stratum\.config\.ts: .*apps\/missing/);
    assert.equal(project.json(['showmigrations']).body.error.code, 'CONFIG_ERROR');
  });

  it('argument errors and unknown commands or flags: one line, exit 2', () => {
    for (const command of [['sqlmigrate', 'library'], ['migrate', '--bogus'], ['migrate', 'a', 'b', 'c'], ['frobnicate']]) {
      const run = project.run(command);
      expectStatus(run, 2);
      oneErrorLine(run);
      assert.equal(run.stdout, '');
    }
    const { status, body } = project.json(['sqlmigrate', 'library']);
    assert.equal(status, 2);
    assert.equal(body.error.code, 'USAGE_ERROR');
  });

  it('--help lists the commands and exits 0, loading no project', () => {
    writeFileSync(project.path('stratum.config.ts'), 'this is not TypeScript');
    const run = project.run(['--help']);
    expectStatus(run, 0);
    for (const command of ['makemigrations', 'migrate', 'showmigrations', 'sqlmigrate']) assert.match(run.stdout, new RegExp(`^  ${command} `, 'm'));
    const help = project.run(['migrate', '--help']);
    expectStatus(help, 0);
    assert.match(help.stdout, /GLOBAL FLAGS/);
    assert.match(help.stdout, /--database=ALIAS/);
  });
});
