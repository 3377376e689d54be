import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { copyFixture, expectFailure, expectStatus, lines, oneErrorLine, type FixtureCopy } from './support/fixture-copy.js';

const CHARFIELD_WITHOUT_MAX_LENGTH = "import { defineModel, CharField } from 'stratum';\nexport const Shelf = defineModel('Shelf', { label: CharField() });\n";

describe('stratum errors and exit codes (e2e)', function () {
  let project: FixtureCopy;

  beforeEach(() => {
    project = copyFixture();
  });

  afterEach(() => project.remove());

  it('a CharField without maxLength: exit 2, one line naming models.ts, the model and the field', () => {
    writeFileSync(project.path('apps', 'library', 'models.ts'), CHARFIELD_WITHOUT_MAX_LENGTH);
    const { line, error } = expectFailure(project, ['makemigrations'], { status: 2, code: 'MODEL_DEFINITION_ERROR' });
    assert.match(line, /^error: apps\/library\/models\.ts: /);
    for (const word of ['Shelf', 'label', 'maxLength']) assert.ok(line.includes(word), `${word} in: ${line}`);
    assert.equal(error.file, 'apps/library/models.ts');
  });

  it('--verbose adds the stack trace to a user error', () => {
    writeFileSync(project.path('apps', 'library', 'models.ts'), CHARFIELD_WITHOUT_MAX_LENGTH);
    const run = expectStatus(project.run(['makemigrations', '--verbose']), 2);
    assert.ok(lines(run.stderr).length > 1, run.stderr);
    assert.match(run.stderr, /^\s+at /m);
  });

  it('a migration file with a syntax error: exit 2 naming the file', () => {
    mkdirSync(project.path('apps', 'library', 'migrations'), { recursive: true });
    writeFileSync(project.path('apps', 'library', 'migrations', '0001_initial.ts'), "import { Migration } from 'stratum/migrations';\nexport default new Migration({ operations: [ });\n");
    for (const command of ['showmigrations', 'migrate', 'makemigrations']) {
      const { line, error } = expectFailure(project, [command], { status: 2, code: 'MIGRATION_FILE_ERROR' });
      assert.match(line, /^error: apps\/library\/migrations\/0001_initial\.ts: /);
      assert.equal(error.file, 'apps/library/migrations/0001_initial.ts');
    }
  });

  it('an unknown app label: exit 2 for every command that takes one', () => {
    for (const command of [['showmigrations', 'nope'], ['makemigrations', 'nope'], ['migrate', 'nope'], ['sqlmigrate', 'nope', '0001']]) {
      assert.match(expectFailure(project, command, { status: 2, code: 'UNKNOWN_APP' }).line, /nope/);
    }
  });

  it('an unknown migration name: exit 2', () => {
    expectStatus(project.run(['makemigrations']), 0);
    for (const command of [['sqlmigrate', 'library', '0042'], ['migrate', 'library', '0042_nothing']]) {
      assert.match(expectFailure(project, command, { status: 2, code: 'NODE_NOT_FOUND' }).line, /0042/);
    }
  });

  it('an unreachable database: exit 3, with CONNECTION_ERROR under --json', () => {
    expectStatus(project.run(['makemigrations']), 0);
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' };
    for (const command of ['migrate', 'showmigrations']) expectFailure(project, [command], { status: 3, code: 'CONNECTION_ERROR', env });
  });

  it('a migration failing halfway: FAILED after the ones applied, then the error line, exit 3', () => {
    expectStatus(project.run(['makemigrations']), 0);
    writeFileSync(project.path('apps', 'library', 'migrations', '0002_fails.ts'), [
      "import { Migration, operations as ops } from 'stratum/migrations';",
      "export default new Migration({ dependencies: [['library', '0001_initial']], operations: [ops.RunSQL({ sql: 'INSERT INTO no_such_table VALUES (1)' })] });",
      '',
    ].join('\n'));
    const run = expectStatus(project.run(['migrate']), 3);
    assert.match(run.stdout, /^  Applying library\.0001_initial\.\.\. OK \(\d+ ms\)\n  Applying library\.0002_fails\.\.\. FAILED \(\d+ ms\)$/m);
    assert.match(oneErrorLine(run), /^error: apps\/library\/migrations\/0002_fails\.ts: .*no_such_table/);
    const { body } = expectStatus(project.json(['migrate']), 3);
    assert.deepEqual(body.results.map((r: { name: string; status: string }) => `${r.name}:${r.status}`), ['0002_fails:failed']);
    assert.deepEqual([body.error.code, body.error.file], ['DATABASE_ERROR', 'apps/library/migrations/0002_fails.ts']);
  });

  it('a broken config file: exit 2 naming stratum.config.ts', () => {
    writeFileSync(project.path('stratum.config.ts'), "import { defineConfig } from 'stratum';\nexport default defineConfig({ apps: ['./apps/missing'] });\n");
    const { line, error } = expectFailure(project, ['showmigrations'], { status: 2, code: 'CONFIG_ERROR' });
    assert.match(line, /^error: stratum\.config\.ts: .*apps\/missing/);
    assert.equal(error.file, 'stratum.config.ts');
  });

  it('argument errors and unknown commands or flags: one line, exit 2, nothing on stdout', () => {
    for (const command of [['sqlmigrate', 'library'], ['migrate', '--bogus'], ['migrate', 'a', 'b', 'c'], ['frobnicate']]) {
      expectFailure(project, command, { status: 2, code: 'USAGE_ERROR' });
      assert.equal(project.run(command).stdout, '');
    }
  });

  it('--help lists the commands and exits 0, loading no project', () => {
    writeFileSync(project.path('stratum.config.ts'), 'this is not TypeScript');
    const run = expectStatus(project.run(['--help']), 0);
    for (const command of ['makemigrations', 'migrate', 'showmigrations', 'sqlmigrate']) assert.match(run.stdout, new RegExp(`^  ${command} `, 'm'));
    const help = expectStatus(project.run(['migrate', '--help']), 0);
    assert.match(help.stdout, /GLOBAL FLAGS/);
    assert.match(help.stdout, /--database=ALIAS/);
  });
});
