import assert from 'node:assert/strict';
import { fields } from '../../../src/migrations/fields.js';
import { NonInteractiveQuestioner, ScriptedQuestioner } from '../../../src/migrations/questioners.js';
import {
  assertNumberMigrations, assertOperationAttributes, assertOperationFieldAttributes, assertOperationTypes, getChanges,
} from '../../support/autodetector-helpers.js';
import {
  authorAge, authorDates, authorEmpty, authorName, authorNameBlank, authorNameDefault, authorNameLonger, authorNameNull,
  authorWithNullPublisher, authorWithPublisher, authorWithPublisherM2mOrFk, model, publisher,
} from './fixtures/model-states.js';

const leaves = { leaves: { testapp: '0001_initial' } };

describe('MigrationAutodetector: fields', () => {
  it('adds a nullable field without asking', async () => {
    const changes = await getChanges([authorEmpty], [authorNameNull], undefined, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['AddField']);
    assertOperationAttributes(changes, 'testapp', 0, 0, { modelName: 'author', name: 'name' });
    assert.equal(changes.get('testapp')![0]!.name, '0002_author_name');
  });

  it('adds a field with a default, keeping the default', async () => {
    const changes = await getChanges([authorEmpty], [authorNameDefault], undefined, leaves);
    assertOperationAttributes(changes, 'testapp', 0, 0, { preserveDefault: undefined });
    assertOperationFieldAttributes(changes, 'testapp', 0, 0, { default: 'Ada Lovelace' });
  });

  it('adds a blank CharField without asking (the empty string fills existing rows)', async () => {
    const changes = await getChanges([authorEmpty], [authorNameBlank], undefined, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['AddField']);
  });

  it('adds a non-null many-to-many field without asking', async () => {
    const changes = await getChanges([authorEmpty, publisher], [authorWithPublisherM2mOrFk(true), publisher], undefined, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['AddField']);
  });

  it('asks for a one-off default when adding a non-null field, and does not keep it', async () => {
    const questioner = new ScriptedQuestioner({ notNullAddition: { 'author.age': 42 } });
    const changes = await getChanges([authorEmpty], [authorAge], questioner, leaves);
    assert.deepEqual(questioner.asked, ['notNullAddition author.age']);
    assertOperationAttributes(changes, 'testapp', 0, 0, { name: 'age', preserveDefault: false });
    assertOperationFieldAttributes(changes, 'testapp', 0, 0, { default: 42 });
  });

  it('asks about a non-null foreign key added without a default', async () => {
    const questioner = new ScriptedQuestioner({ notNullAddition: { 'author.publisher': 1 } });
    const changes = await getChanges([authorName, publisher], [authorWithPublisher, publisher], questioner, leaves);
    assertOperationAttributes(changes, 'testapp', 0, 0, { name: 'publisher', preserveDefault: false });
  });

  it('refuses a non-null field without a default under --no-input, naming the field and the fix', async () => {
    await assert.rejects(getChanges([authorEmpty], [authorAge], new NonInteractiveQuestioner(), leaves), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'MISSING_DEFAULT');
      assert.match(error.message, /non-nullable field 'age' to author/);
      assert.match(error.message, /author\.age/);
      assert.match(error.message, /default.*null: true.*interactively/);
      return true;
    });
  });

  it('asks for a timestamp for autoNow and autoNowAdd fields, and uses now() under --no-input', async () => {
    const stamp = new Date(Date.UTC(2020, 0, 1));
    const questioner = new ScriptedQuestioner({
      autoNowAddAddition: { 'author.dateOfBirth': stamp, 'author.dateTimeOfBirth': stamp, 'author.timeOfBirth': '12:00:00' },
    });
    const changes = await getChanges([authorEmpty], [authorDates], questioner, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['AddField', 'AddField', 'AddField']);
    assertOperationFieldAttributes(changes, 'testapp', 0, 0, { autoNowAdd: true, default: stamp });
    assertOperationAttributes(changes, 'testapp', 0, 2, { preserveDefault: false });

    const unattended = await getChanges([authorEmpty], [authorDates], new NonInteractiveQuestioner(), leaves);
    const field = (unattended.get('testapp')![0]!.operations[0]!.options as { field: { options: { default: () => Date } } }).field;
    assert.ok(field.options.default() instanceof Date, 'now() gives a Date');
  });

  it('removes a field', async () => {
    const changes = await getChanges([authorName], [authorEmpty], undefined, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['RemoveField']);
    assertOperationAttributes(changes, 'testapp', 0, 0, { modelName: 'author', name: 'name' });
    assert.equal(changes.get('testapp')![0]!.name, '0002_remove_author_name');
  });

  it('alters a field', async () => {
    const changes = await getChanges([authorName], [authorNameLonger], undefined, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['AlterField']);
    assertOperationFieldAttributes(changes, 'testapp', 0, 0, { maxLength: 400 });
    assert.equal(changes.get('testapp')![0]!.name, '0002_alter_author_name');
  });

  it('asks for a one-off default when a field becomes non-null', async () => {
    const questioner = new ScriptedQuestioner({ notNullAlteration: { 'author.name': 'anonymous' } });
    const changes = await getChanges([authorNameNull], [authorName], questioner, leaves);
    assertOperationAttributes(changes, 'testapp', 0, 0, { preserveDefault: false });
    assertOperationFieldAttributes(changes, 'testapp', 0, 0, { default: 'anonymous', null: undefined });
  });

  it('lets a field become non-null without a default when the answer is "ignore for now"', async () => {
    const questioner = new ScriptedQuestioner({ notNullAlteration: { 'author.name': undefined } });
    const changes = await getChanges([authorNameNull], [authorName], questioner, leaves);
    assertOperationAttributes(changes, 'testapp', 0, 0, { preserveDefault: undefined });
    assertOperationFieldAttributes(changes, 'testapp', 0, 0, { default: undefined });
  });

  it('proceeds with a warning under --no-input when a field becomes non-null', async () => {
    const questioner = new NonInteractiveQuestioner();
    const changes = await getChanges([authorNameNull], [authorName], questioner, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['AlterField']);
    assert.equal(questioner.warnings.length, 1);
    assert.match(questioner.warnings[0]!, /'name' on model 'author'/);
  });

  it('does not ask when a field becomes non-null with a default', async () => {
    const changes = await getChanges([authorNameNull], [authorNameDefault], undefined, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['AlterField']);
  });

  it('replaces a field that changes between many-to-many and concrete by RemoveField then AddField', async () => {
    const changes = await getChanges([authorWithPublisherM2mOrFk(false), publisher], [authorWithPublisherM2mOrFk(true), publisher], undefined, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['RemoveField', 'AddField']);
  });

  it('alters a foreign key repointed to a new model after creating that model', async () => {
    const agency = model('testapp', 'Agency');
    const repointed = model('testapp', 'Author', [
      ['name', fields.CharField({ maxLength: 200 })],
      ['publisher', fields.ForeignKey({ to: 'testapp.agency', onDelete: 'CASCADE', null: true })],
    ]);
    const changes = await getChanges([authorWithNullPublisher, publisher], [repointed, publisher, agency], undefined, leaves);
    assertOperationTypes(changes, 'testapp', 0, ['CreateModel', 'AlterField']);
  });

  it('orders removals before additions and names a long migration <first…>_and_more', async () => {
    const before = model('testapp', 'Author', [['name', fields.CharField({ maxLength: 200 })], ['age', fields.IntegerField()]]);
    const after = model('testapp', 'Author', [
      ['nickname', fields.CharField({ maxLength: 200, null: true })],
      ['birthplaceOfTheAuthor', fields.TextField({ null: true })],
    ]);
    const changes = await getChanges([before], [after], new ScriptedQuestioner(), leaves);
    assertOperationTypes(changes, 'testapp', 0, ['RemoveField', 'RemoveField', 'AddField', 'AddField']);
    assert.equal(changes.get('testapp')![0]!.name, '0002_remove_author_age_remove_author_name_and_more');
  });

  it('uses --name for the migration name', async () => {
    const changes = await getChanges([authorEmpty], [authorNameNull], undefined, { ...leaves, name: 'add_name' });
    assert.equal(changes.get('testapp')![0]!.name, '0002_add_name');
    assertNumberMigrations(changes, 'testapp', 1);
  });
});
