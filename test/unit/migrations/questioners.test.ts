import assert from 'node:assert/strict';
import { fields } from '../../../src/migrations/fields.js';
import {
  evaluateDefault, InteractiveQuestioner, NonInteractiveQuestioner, RenameAnswers, ScriptedQuestioner, UnexpectedQuestionError,
  type Prompts,
} from '../../../src/migrations/questioners.js';

const title = fields.CharField({ maxLength: 100 });

/** Prompts that answer from a queue and record what was asked. */
function fakePrompts(answers: unknown[]): Prompts & { messages: string[]; choices: string[][] } {
  const messages: string[] = [];
  const choices: string[][] = [];
  const next = <T>(config: { message: string; validate?: (v: string) => boolean | string }): Promise<T> => {
    messages.push(config.message);
    const answer = answers.shift();
    if (config.validate && typeof answer === 'string' && config.validate(answer) !== true) throw new Error(`invalid: ${answer}`);
    return Promise.resolve(answer as T);
  };
  return {
    messages,
    choices,
    rawlist: (config) => {
      choices.push(config.choices.map((c) => `${c.value}) ${c.name}`));
      return next(config);
    },
    input: (config) => next(config),
    confirm: (config) => next(config),
  };
}

describe('RenameAnswers', () => {
  it('parses field and model specs, the model part case-insensitive', () => {
    const answers = RenameAnswers.parse(['library.Book.title=name', 'library.Book=Volume']);
    assert.equal(answers.field('library', 'book', 'title', 'name'), true);
    assert.equal(answers.field('library', 'BOOK', 'title', 'heading'), false);
    assert.equal(answers.field('library', 'book', 'subtitle', 'name'), false, 'name is explained by the title rename');
    assert.equal(answers.field('library', 'book', 'subtitle', 'summary'), undefined);
    assert.equal(answers.field('library', 'book', 'Title', 'name'), false, 'field names are case-sensitive');
    assert.equal(answers.model('library', 'book', 'volume'), true);
    assert.equal(answers.model('library', 'Book', 'Tome'), false);
    assert.equal(answers.model('shop', 'Book', 'Volume'), undefined);
  });

  it('answers no to everything with --no-renames', () => {
    const answers = RenameAnswers.parse([], true);
    assert.equal(answers.field('library', 'book', 'title', 'name'), false);
    assert.equal(answers.model('library', 'Book', 'Volume'), false);
  });

  it('rejects malformed specs with a UsageError naming the spec', () => {
    for (const spec of ['library.book.title', 'book=volume', 'library.book.title=', 'a.b.c.d=e', 'library.book.title=na-me', '=x']) {
      assert.throws(() => RenameAnswers.parse([spec]), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'USAGE_ERROR');
        assert.ok(error.message.includes(`'${spec}'`), error.message);
        return true;
      });
    }
    assert.throws(() => RenameAnswers.parse(['library.book.title=a', 'library.Book.title=b']), /renamed more than once/);
    assert.throws(() => RenameAnswers.parse(['library.book.title=a'], true), /--no-renames/);
  });
});

describe('NonInteractiveQuestioner', () => {
  it('throws MISSING_DEFAULT for a non-null addition and collects a warning for an alteration', async () => {
    const questioner = new NonInteractiveQuestioner();
    await assert.rejects(questioner.askNotNullAddition('book', 'pages'), { code: 'MISSING_DEFAULT' });
    assert.equal(await questioner.askNotNullAlteration('book', 'title'), undefined);
    assert.equal(questioner.warnings.length, 1);
    const { value } = await questioner.askAutoNowAddAddition();
    assert.ok((value as () => Date)() instanceof Date, 'now() gives a Date');
    assert.equal(await questioner.askMerge(), true);
  });

  it('reports undecided renames together once renames are done', async () => {
    const questioner = new NonInteractiveQuestioner(RenameAnswers.parse(['library.book.isbn=code']));
    assert.equal(await questioner.askRenameField('book', 'isbn', 'code', title, 'library'), true);
    assert.equal(await questioner.askRenameField('book', 'title', 'name', title, 'library'), false);
    assert.equal(await questioner.askRenameModel('Author', 'Writer', 'library'), false);
    assert.throws(() => questioner.renamesDone(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'AMBIGUOUS_RENAME');
      assert.match(error.message, /library\.book\.title → name \(a CharField\): --rename library\.book\.title=name/);
      assert.match(error.message, /--rename library\.Author=Writer/);
      return true;
    });
    new NonInteractiveQuestioner().renamesDone();
  });
});

describe('InteractiveQuestioner', () => {
  it('asks Django\'s rename questions', async () => {
    const prompts = fakePrompts([true, false]);
    const questioner = new InteractiveQuestioner(prompts);
    assert.equal(await questioner.askRenameField('book', 'title', 'name', title), true);
    assert.equal(await questioner.askRenameModel('Book', 'Volume', 'library'), false);
    assert.deepEqual(prompts.messages, ['Was book.title renamed to book.name (a CharField)?', 'Was the model library.Book renamed to Volume?']);
  });

  it('does not ask about renames answered in advance', async () => {
    const prompts = fakePrompts([true]);
    const questioner = new InteractiveQuestioner(prompts, RenameAnswers.parse(['library.book.title=name']));
    assert.equal(await questioner.askRenameField('book', 'title', 'name', title, 'library'), true);
    assert.equal(await questioner.askRenameField('book', 'subtitle', 'name', title, 'library'), false);
    assert.equal(await questioner.askRenameField('book', 'isbn', 'code', title, 'library'), true);
    assert.deepEqual(prompts.messages, ['Was book.isbn renamed to book.code (a CharField)?']);
  });

  it('offers a one-off default or quitting for a non-null addition', async () => {
    const prompts = fakePrompts(['1', "'n/a'"]);
    const value = await new InteractiveQuestioner(prompts).askNotNullAddition('book', 'isbn');
    assert.deepEqual(value, { value: 'n/a' });
    assert.match(prompts.messages[0]!, /^It is impossible to add a non-nullable field 'isbn' to book without specifying a default\./);
    assert.deepEqual(prompts.choices[0]!.map((c) => c.slice(0, 11)), ['1) Provide ', '2) Quit and']);
    await assert.rejects(new InteractiveQuestioner(fakePrompts(['2'])).askNotNullAddition('book', 'isbn'), { code: 'MISSING_DEFAULT' });
    await assert.rejects(new InteractiveQuestioner(fakePrompts(['1', 'exit'])).askNotNullAddition('book', 'isbn'), { code: 'MISSING_DEFAULT' });
  });

  it('rejects a default that cannot be evaluated or written into a migration', async () => {
    await assert.rejects(new InteractiveQuestioner(fakePrompts(['1', 'nope('])).askNotNullAddition('book', 'isbn'), /invalid/);
    await assert.rejects(new InteractiveQuestioner(fakePrompts(['1', 'new Map()'])).askNotNullAddition('book', 'isbn'), /invalid/);
  });

  it('lets a non-null alteration be ignored for now', async () => {
    assert.equal(await new InteractiveQuestioner(fakePrompts(['2'])).askNotNullAlteration('book', 'title'), undefined);
    assert.deepEqual(await new InteractiveQuestioner(fakePrompts(['1', '0'])).askNotNullAlteration('book', 'title'), { value: 0 });
  });

  it('suggests now() as a function for autoNowAdd fields', async () => {
    const prompts = fakePrompts(['1', '() => new Date()']);
    const { value } = await new InteractiveQuestioner(prompts).askAutoNowAddAddition('book', 'created');
    assert.ok((value as () => Date)() instanceof Date, 'now() gives a Date');
    assert.match(prompts.messages[1]!, /Accept the default '\(\) => new Date\(\)'/);
  });

  it('evaluates defaults as JavaScript expressions', () => {
    assert.deepEqual(evaluateDefault("{ a: [1, 'x'] }"), { a: [1, 'x'] });
    assert.equal(evaluateDefault('null'), null);
  });
});

describe('ScriptedQuestioner', () => {
  it('answers from its table, records the questions, and throws on any other question', async () => {
    const questioner = new ScriptedQuestioner({ renameField: { 'book.title=name': true }, notNullAddition: { 'book.isbn': '' } });
    assert.equal(await questioner.askRenameField('book', 'title', 'name'), true);
    assert.deepEqual(await questioner.askNotNullAddition('book', 'isbn'), { value: '' });
    await assert.rejects(questioner.askNotNullAddition('book', 'pages'), UnexpectedQuestionError);
    assert.deepEqual(questioner.asked, ['renameField book.title=name', 'notNullAddition book.isbn', 'notNullAddition book.pages']);
  });
});
