import { UsageError } from '../errors.js';
import type { Field } from '../models/fields.js';
import { missingDefault } from './autodetector/errors.js';
import { AmbiguousRenameError, MissingDefaultError } from './errors.js';
import type { Questioner } from './questioner.js';
import { serializeValue } from './serializer.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const lower = (s: string) => s.toLowerCase();

/**
 * Renames answered in advance on the command line: `--rename library.book.title=name` (a field),
 * `--rename library.Book=Volume` (a model) and `--no-renames`. Model names compare case-insensitively;
 * a field of a renamed model is addressed by the new model name.
 *
 * Each answer is `true` (this is the rename), `false` (it is not: the spec renames one side elsewhere, or
 * `--no-renames`) or `undefined` (nothing was said about it).
 */
export class RenameAnswers {
  /** `'library.book.title'` → `'name'`. */
  readonly fields = new Map<string, string>();
  /** `'library.book'` → `'volume'` (lower-cased). */
  readonly models = new Map<string, string>();

  constructor(readonly noRenames = false) {}

  /**
   * Parses `--rename` specs; throws UsageError naming the spec for anything malformed, for a name renamed
   * twice, and for `--rename` together with `--no-renames`.
   *
   * @example
   * RenameAnswers.parse(['library.book.title=name', 'library.Book=Volume']);
   */
  static parse(specs: readonly string[], noRenames = false): RenameAnswers {
    if (noRenames && specs.length > 0) throw new UsageError('--rename and --no-renames cannot be used together');
    const answers = new RenameAnswers(noRenames);
    for (const spec of specs) {
      const match = /^([^=]+)=([^=]+)$/.exec(spec.trim());
      const path = match?.[1]!.split('.') ?? [];
      const newName = match?.[2]!;
      if (!match || (path.length !== 2 && path.length !== 3) || ![...path, newName].every((part) => IDENTIFIER.test(part))) {
        throw new UsageError(`--rename '${spec}': expected app.Model=NewName (a model) or app.model.field=newName (a field)`);
      }
      const [app, model, field] = path as [string, string, string | undefined];
      const [map, key, value] = field === undefined
        ? [answers.models, `${app}.${lower(model)}`, lower(newName)]
        : [answers.fields, `${app}.${lower(model)}.${field}`, newName];
      if (map.has(key)) throw new UsageError(`--rename '${spec}': ${key} is renamed more than once`);
      map.set(key, value);
    }
    return answers;
  }

  /** Was `app.model.oldName` renamed to `newName`? */
  field(appLabel: string, modelName: string, oldName: string, newName: string): boolean | undefined {
    const prefix = `${appLabel}.${lower(modelName)}.`;
    return this.#answer(this.fields, `${prefix}${oldName}`, newName, (key) => key.startsWith(prefix));
  }

  /** Was the model `app.oldName` renamed to `newName`? */
  model(appLabel: string, oldName: string, newName: string): boolean | undefined {
    return this.#answer(this.models, `${appLabel}.${lower(oldName)}`, lower(newName), (key) => key.startsWith(`${appLabel}.`));
  }

  #answer(map: ReadonlyMap<string, string>, key: string, newName: string, sameScope: (key: string) => boolean): boolean | undefined {
    const given = map.get(key);
    if (given !== undefined) return given === newName;
    // The new name is already explained by another rename in the same model (or app).
    for (const [other, value] of map) if (sameScope(other) && value === newName) return false;
    return this.noRenames ? false : undefined;
  }
}

/**
 * `--no-input` (Django's NonInteractiveMigrationQuestioner): never asks. Renames are answered from
 * `--rename`/`--no-renames`; undecided ones are collected and reported together, with the flags to pass.
 * A non-null field added without a default is an error; `autoNow`/`autoNowAdd` fields get now() for
 * existing rows; a field made non-null proceeds with a warning, as in Django.
 */
export class NonInteractiveQuestioner implements Questioner {
  /** Notes for the user, collected during the run (makemigrations returns them as `warnings`). */
  readonly warnings: string[] = [];
  readonly #undecided: string[] = [];

  constructor(readonly renames: RenameAnswers = new RenameAnswers()) {}

  async askRenameField(modelName: string, oldName: string, newName: string, field: Field, appLabel = '?'): Promise<boolean> {
    const answer = this.renames.field(appLabel, modelName, oldName, newName);
    if (answer === undefined) {
      this.#undecided.push(`${appLabel}.${modelName}.${oldName} → ${newName} (a ${field.type}): --rename ${appLabel}.${modelName}.${oldName}=${newName}`);
    }
    return answer ?? false;
  }

  async askRenameModel(oldName: string, newName: string, appLabel = '?'): Promise<boolean> {
    const answer = this.renames.model(appLabel, oldName, newName);
    if (answer === undefined) this.#undecided.push(`${appLabel}.${oldName} → ${newName}: --rename ${appLabel}.${oldName}=${newName}`);
    return answer ?? false;
  }

  renamesDone(): void {
    if (this.#undecided.length === 0) return;
    throw new AmbiguousRenameError(
      `possible renames need an answer under --no-input: ${this.#undecided.join('; ')}; or pass --no-renames if none of them is a rename`,
      { hint: 'stratum never drops and re-adds a column silently: say which fields or models were renamed' },
    );
  }

  async askNotNullAddition(modelName: string, fieldName: string): Promise<{ value: unknown } | undefined> {
    throw missingDefault(undefined, modelName, fieldName);
  }

  async askNotNullAlteration(modelName: string, fieldName: string): Promise<{ value: unknown } | undefined> {
    this.warnings.push(
      `Field '${fieldName}' on model '${modelName}' becomes non-nullable without a default: rows holding NULL must be fixed `
      + 'before migrating (for example with a RunSQL or RunCode operation)',
    );
    return undefined;
  }

  async askAutoNowAddAddition(): Promise<{ value: unknown }> {
    return { value: () => new Date() };
  }

  /** As Django under --no-input: merging is what was asked for. */
  async askMerge(): Promise<boolean> {
    return true;
  }
}

/** The prompts the interactive questioner uses (`@inquirer/prompts`), injectable for tests. */
export interface Prompts {
  rawlist(config: { message: string; choices: { name: string; value: string }[] }): Promise<string>;
  input(config: { message: string; default?: string; validate?: (value: string) => boolean | string }): Promise<string>;
  confirm(config: { message: string; default?: boolean }): Promise<boolean>;
}

/** Loaded on first use, so that commands that never ask do not pay for inquirer. */
const inquirerPrompts: Prompts = {
  rawlist: async (config) => (await import('@inquirer/prompts')).rawlist(config),
  input: async (config) => (await import('@inquirer/prompts')).input(config),
  confirm: async (config) => (await import('@inquirer/prompts')).confirm(config),
};

const EXPRESSION_HELP = "Please enter the default value as valid JavaScript (for example 0, 'draft', null or () => new Date()).";

/**
 * Evaluates what the user typed as a JavaScript expression (Django evaluates Python); a function stays a
 * function and is written into the migration by its source text, so it must be self-contained.
 */
export function evaluateDefault(code: string): unknown {
  return new Function(`return (${code});`)();
}

/**
 * Django's InteractiveMigrationQuestioner, with Django's questions, through inquirer. Renames answered in
 * advance (`--rename`, `--no-renames`) are not asked again.
 */
export class InteractiveQuestioner implements Questioner {
  constructor(readonly prompts: Prompts = inquirerPrompts, readonly renames: RenameAnswers = new RenameAnswers()) {}

  async askRenameField(modelName: string, oldName: string, newName: string, field: Field, appLabel?: string): Promise<boolean> {
    const known = appLabel === undefined ? undefined : this.renames.field(appLabel, modelName, oldName, newName);
    return known ?? this.prompts.confirm({ message: `Was ${modelName}.${oldName} renamed to ${modelName}.${newName} (a ${field.type})?`, default: false });
  }

  async askRenameModel(oldName: string, newName: string, appLabel?: string): Promise<boolean> {
    const known = appLabel === undefined ? undefined : this.renames.model(appLabel, oldName, newName);
    return known ?? this.prompts.confirm({ message: `Was the model ${appLabel ? `${appLabel}.` : ''}${oldName} renamed to ${newName}?`, default: false });
  }

  async askNotNullAddition(modelName: string, fieldName: string): Promise<{ value: unknown } | undefined> {
    const choice = await this.#choose(
      `It is impossible to add a non-nullable field '${fieldName}' to ${modelName} without specifying a default. `
      + 'This is because the database needs something to populate existing rows.\nPlease select a fix:',
      ['Provide a one-off default now (will be set on all existing rows with a null value for this column)',
        'Quit and manually define a default value in models.ts.'],
    );
    if (choice === 2) throw this.#quit(modelName, fieldName);
    return this.#askDefault(modelName, fieldName);
  }

  async askNotNullAlteration(modelName: string, fieldName: string): Promise<{ value: unknown } | undefined> {
    const choice = await this.#choose(
      `It is impossible to change a nullable field '${fieldName}' on ${modelName} to non-nullable without providing a default. `
      + 'This is because the database needs something to populate existing rows.\nPlease select a fix:',
      ['Provide a one-off default now (will be set on all existing rows with a null value for this column)',
        'Ignore for now. Existing rows that contain NULL values will have to be handled manually, for example with a RunCode or RunSQL operation.',
        'Quit and manually define a default value in models.ts.'],
    );
    if (choice === 3) throw this.#quit(modelName, fieldName);
    return choice === 2 ? undefined : this.#askDefault(modelName, fieldName);
  }

  async askAutoNowAddAddition(modelName: string, fieldName: string): Promise<{ value: unknown }> {
    const choice = await this.#choose(
      `It is impossible to add the field '${fieldName}' with 'autoNowAdd: true' to ${modelName} without providing a default. `
      + 'This is because the database needs something to populate existing rows.',
      ['Provide a one-off default now which will be set on all existing rows', 'Quit and manually define a default value in models.ts.'],
    );
    if (choice === 2) throw this.#quit(modelName, fieldName);
    return this.#askDefault(modelName, fieldName, '() => new Date()');
  }

  async askMerge(): Promise<boolean> {
    return this.prompts.confirm({
      message: 'Merging will only work if the operations printed above do not conflict\nwith each other (working on different fields or models)\n'
        + 'Should these migration branches be merged?',
      default: false,
    });
  }

  /** A numbered choice (Django's `_choice_input`); returns 1 for the first choice. */
  async #choose(message: string, choices: readonly string[]): Promise<number> {
    const answer = await this.prompts.rawlist({ message, choices: choices.map((name, i) => ({ name, value: String(i + 1) })) });
    return Number(answer);
  }

  /** Django's `_ask_default`: an expression, evaluated and checked to be writable into a migration. */
  async #askDefault(modelName: string, fieldName: string, suggested?: string): Promise<{ value: unknown }> {
    const message = [
      EXPRESSION_HELP,
      suggested ? `Accept the default '${suggested}' by pressing 'Enter' or provide another value.` : '',
      "Type 'exit' to exit this prompt",
    ].filter(Boolean).join('\n');
    const code = await this.prompts.input({
      message,
      ...(suggested ? { default: suggested } : {}),
      validate: (text) => {
        if (text.trim() === 'exit') return true;
        if (text.trim() === '') return 'Please enter some code, or \'exit\' (without quotes) to exit.';
        try {
          serializeValue(evaluateDefault(text));
          return true;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    if (code.trim() === 'exit') throw this.#quit(modelName, fieldName);
    return { value: evaluateDefault(code) };
  }

  #quit(modelName: string, fieldName: string): MissingDefaultError {
    return new MissingDefaultError(`makemigrations stopped: define a default for ${modelName}.${fieldName} in models.ts, or make it nullable`);
  }
}

/** A question a ScriptedQuestioner was not told how to answer: the test is wrong or the autodetector is. */
export class UnexpectedQuestionError extends Error {}

/**
 * Answers for a ScriptedQuestioner, keyed as the question reads: renames `'book.title=name'` (field) and
 * `'library.Book=Volume'` (model); one-off defaults `'book.isbn'` (a value; for alterations `undefined`
 * means "ignore for now"); merges by app label.
 */
export interface ScriptedAnswers {
  renameField?: Readonly<Record<string, boolean>>;
  renameModel?: Readonly<Record<string, boolean>>;
  notNullAddition?: Readonly<Record<string, unknown>>;
  notNullAlteration?: Readonly<Record<string, unknown>>;
  autoNowAddAddition?: Readonly<Record<string, unknown>>;
  merge?: Readonly<Record<string, boolean>>;
}

/**
 * The questioner for tests: answers from a table, records every question in `asked`, and throws
 * UnexpectedQuestionError on a question the table does not answer.
 */
export class ScriptedQuestioner implements Questioner {
  readonly asked: string[] = [];

  constructor(readonly answers: ScriptedAnswers = {}) {}

  #answer<K extends keyof ScriptedAnswers>(kind: K, key: string): NonNullable<ScriptedAnswers[K]>[string] {
    this.asked.push(`${kind} ${key}`);
    const table = this.answers[kind] as Readonly<Record<string, unknown>> | undefined;
    if (!table || !Object.hasOwn(table, key)) throw new UnexpectedQuestionError(`unexpected question: ${kind} ${key}`);
    return table[key] as NonNullable<ScriptedAnswers[K]>[string];
  }

  async askRenameField(modelName: string, oldName: string, newName: string): Promise<boolean> {
    return this.#answer('renameField', `${modelName}.${oldName}=${newName}`);
  }

  async askRenameModel(oldName: string, newName: string, appLabel?: string): Promise<boolean> {
    return this.#answer('renameModel', `${appLabel}.${oldName}=${newName}`);
  }

  async askNotNullAddition(modelName: string, fieldName: string): Promise<{ value: unknown }> {
    return { value: this.#answer('notNullAddition', `${modelName}.${fieldName}`) };
  }

  async askNotNullAlteration(modelName: string, fieldName: string): Promise<{ value: unknown } | undefined> {
    const value = this.#answer('notNullAlteration', `${modelName}.${fieldName}`);
    return value === undefined ? undefined : { value };
  }

  async askAutoNowAddAddition(modelName: string, fieldName: string): Promise<{ value: unknown }> {
    return { value: this.#answer('autoNowAddAddition', `${modelName}.${fieldName}`) };
  }

  async askMerge(appLabel: string): Promise<boolean> {
    return this.#answer('merge', appLabel);
  }
}
