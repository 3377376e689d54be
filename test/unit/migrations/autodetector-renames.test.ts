import assert from 'node:assert/strict';
import { fields } from '../../../src/migrations/fields.js';
import { NonInteractiveQuestioner, RenameAnswers, ScriptedQuestioner } from '../../../src/migrations/questioners.js';
import { assertOperationTypes, getChanges } from '../../support/autodetector-helpers.js';
import { authorName, authorNameRenamed, model, publisher } from './fixtures/model-states.js';

const leaves = { leaves: { testapp: '0001_initial' } };
const isCode = (code: string) => (error: Error & { code?: string }) => {
  assert.equal(error.code, code, error.message);
  return true;
};

describe('MigrationAutodetector: possible renames', () => {
  it('asks whether a field with the same definition was renamed, and refuses a confirmed rename until RenameField exists', async () => {
    const questioner = new ScriptedQuestioner({ renameField: { 'author.name=names': true } });
    await assert.rejects(getChanges([authorName], [authorNameRenamed], questioner, leaves), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'RENAME_NOT_SUPPORTED');
      assert.match(error.message, /testapp\.author\.name was renamed to names.*next issue/);
      return true;
    });
  });

  it('removes and adds the field when the rename is denied', async () => {
    const questioner = new ScriptedQuestioner({ renameField: { 'author.name=names': false }, notNullAddition: { 'author.names': '' } });
    const changes = await getChanges([authorName], [authorNameRenamed], questioner, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['RemoveField', 'AddField']);
  });

  it('counts a new field that keeps the old column with dbColumn as a possible rename', async () => {
    const keepsColumn = model('testapp', 'Author', [['fullName', fields.CharField({ maxLength: 200, dbColumn: 'name' })]]);
    const questioner = new ScriptedQuestioner({ renameField: { 'author.name=fullName': true } });
    await assert.rejects(getChanges([authorName], [keepsColumn], questioner, leaves), isCode('RENAME_NOT_SUPPORTED'));
  });

  it('does not ask about fields whose definitions differ', async () => {
    const different = model('testapp', 'Author', [['names', fields.CharField({ maxLength: 100, null: true })]]);
    const changes = await getChanges([authorName], [different], new ScriptedQuestioner(), leaves);
    assertOperationTypes(changes, 'testapp', 0, ['RemoveField', 'AddField']);
  });

  it('asks whether a model with the same fields was renamed', async () => {
    const renamed = model('testapp', 'Writer', [['name', fields.CharField({ maxLength: 200 })]]);
    const confirm = new ScriptedQuestioner({ renameModel: { 'testapp.Author=Writer': true } });
    await assert.rejects(getChanges([authorName], [renamed], confirm, leaves), isCode('RENAME_NOT_SUPPORTED'));
    const deny = new ScriptedQuestioner({ renameModel: { 'testapp.Author=Writer': false } });
    // Created models go first (Django's `beginning=True`), then deletions.
    assertOperationTypes(await getChanges([authorName], [renamed], deny, leaves), 'testapp', 0, ['CreateModel', 'DeleteModel']);
  });

  it('lists every undecided rename under --no-input, with the flags to pass', async () => {
    const before = [authorName, publisher];
    const after = [authorNameRenamed, model('testapp', 'Press', [['name', fields.CharField({ maxLength: 100 })]])];
    await assert.rejects(getChanges(before, after, new NonInteractiveQuestioner(), leaves), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'AMBIGUOUS_RENAME');
      assert.match(error.message, /--rename testapp\.author\.name=names/);
      assert.match(error.message, /--rename testapp\.Publisher=Press/);
      assert.match(error.message, /--no-renames/);
      return true;
    });
  });

  it('follows --rename and --no-renames under --no-input', async () => {
    const confirmed = new NonInteractiveQuestioner(RenameAnswers.parse(['testapp.Author.name=names']));
    await assert.rejects(getChanges([authorName], [authorNameRenamed], confirmed, leaves), isCode('RENAME_NOT_SUPPORTED'));
    const none = new NonInteractiveQuestioner(RenameAnswers.parse([], true));
    // Denied, the field is removed and added; the added non-null field then needs a default.
    await assert.rejects(getChanges([authorName], [authorNameRenamed], none, leaves), isCode('MISSING_DEFAULT'));
    const nullable = model('testapp', 'Author', [['names', fields.CharField({ maxLength: 200 })]]);
    const elsewhere = new NonInteractiveQuestioner(RenameAnswers.parse(['testapp.author.name=other']));
    await assert.rejects(getChanges([authorName], [nullable], elsewhere, leaves), isCode('MISSING_DEFAULT'));
  });
});
