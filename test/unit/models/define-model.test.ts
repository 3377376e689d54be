import assert from 'node:assert/strict';
import {
  BigAutoField, CharField, DecimalField, ForeignKey, IntegerField, ManyToManyField, defineModel, Index, UniqueConstraint,
} from '../../../src/index.js';
import { ModelDefinitionError } from '../../../src/errors.js';
import { ModelRegistry } from '../../../src/models/registry.js';
import { stateFromRegistry } from '../../../src/state/from-registry.js';
import { resolveModel } from '../../../src/state/resolved-model.js';

function expectDefinitionError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ModelDefinitionError, `expected ModelDefinitionError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(e.file?.endsWith('define-model.test.ts'), `file should name the caller, got ${e.file}`);
    return true;
  });
}

describe('defineModel', () => {
  it('adds an implicit BigAutoField id first', () => {
    const Tag = defineModel('Tag', { label: CharField({ maxLength: 20 }) });
    assert.deepEqual([...Tag._meta.fields.keys()], ['id', 'label']);
    assert.equal(Tag._meta.fields.get('id')!.type, 'BigAutoField');
  });

  it('keeps an explicit primary key and adds no id', () => {
    const Code = defineModel('Code', { code: CharField({ maxLength: 5, primaryKey: true }) });
    assert.deepEqual([...Code._meta.fields.keys()], ['code']);
  });

  it('refuses a CharField without maxLength, naming model and field', () => {
    expectDefinitionError(() => defineModel('Book', { title: CharField({} as never) }), /^Book\.title: CharField needs 'maxLength'$/);
  });

  it('refuses unknown options', () => {
    expectDefinitionError(() => defineModel('Book', { pages: IntegerField({ maxLength: 3 } as never) }), /Book\.pages: IntegerField has no option 'maxLength'/);
  });

  it('refuses reserved and malformed field names', () => {
    expectDefinitionError(() => defineModel('Book', { pk: IntegerField() }), /Book\.pk: 'pk' is a reserved name/);
    expectDefinitionError(() => defineModel('Book', { a__b: IntegerField() }), /must not contain '__'/);
    expectDefinitionError(() => defineModel('Book', { trailing_: IntegerField() }), /must not end with an underscore/);
  });

  it('refuses decimalPlaces above maxDigits and a bad onDelete', () => {
    expectDefinitionError(() => defineModel('Book', { price: DecimalField({ maxDigits: 2, decimalPlaces: 3 }) }), /'maxDigits' must be greater/);
    expectDefinitionError(() => defineModel('Book', { p: ForeignKey('Publisher', { onDelete: 'EXPLODE' as never }) }), /'onDelete' must be one of/);
    expectDefinitionError(() => defineModel('Book', { p: ForeignKey('Publisher', { onDelete: 'SET_NULL' }) }), /'SET_NULL' needs null: true/);
  });

  it('refuses two primary keys and a field clashing with a foreign key attribute', () => {
    expectDefinitionError(() => defineModel('Book', { a: BigAutoField({ primaryKey: true }), b: IntegerField({ primaryKey: true }) }), /more than one field has primaryKey/);
    expectDefinitionError(() => defineModel('Book', { publisher: ForeignKey('Publisher', { onDelete: 'CASCADE' }), publisher_id: IntegerField() }), /clashes with the foreign key 'publisher'/);
  });

  it('refuses Meta that names missing fields or repeats a name', () => {
    expectDefinitionError(() => defineModel('Book', { name: CharField({ maxLength: 9 }) }, { ordering: ['title'] }), /'ordering' refers to the nonexistent field 'title'/);
    expectDefinitionError(() => defineModel('Book', { name: CharField({ maxLength: 9 }) }, {
      indexes: [Index({ fields: ['name'], name: 'x' })],
      constraints: [UniqueConstraint({ fields: ['name'], name: 'x' })],
    }), /the name 'x' is used by more than one/);
    expectDefinitionError(() => defineModel('Book', { name: CharField({ maxLength: 9 }) }, { colour: 'red' } as never), /unknown Meta option 'colour'/);
  });
});

describe('ModelRegistry', () => {
  it('resolves relation targets given as thunks, names and self, with Django\'s table and column names', () => {
    const Publisher = defineModel('Publisher', { name: CharField({ maxLength: 255 }), numAwards: IntegerField() });
    const Author = defineModel('Author', { name: CharField({ maxLength: 100 }), friends: ManyToManyField('self') });
    const BookStore = defineModel('BookStore', {
      publisher: ForeignKey(() => Publisher, { onDelete: 'CASCADE' }),
      owner: ForeignKey('Author', { onDelete: 'CASCADE', null: true }),
      authors: ManyToManyField(() => Author),
    });
    const registry = new ModelRegistry();
    registry.addApp('library', '/tmp/library', undefined);
    for (const model of [Publisher, Author, BookStore]) registry.register(model, 'library');
    registry.finalize();
    const state = stateFromRegistry(registry);
    const store = resolveModel(state, 'library', 'BookStore');
    assert.equal(store.table, 'library_bookstore');
    assert.deepEqual(store.columns.map((c) => c.column), ['id', 'publisher_id', 'owner_id']);
    assert.equal(store.columns[1]!.references?.table, 'library_publisher');
    assert.equal(store.manyToMany[0]!.table, 'library_bookstore_authors');
    assert.deepEqual([store.manyToMany[0]!.from.column, store.manyToMany[0]!.to.column], ['bookstore_id', 'author_id']);
    const author = resolveModel(state, 'library', 'author');
    assert.deepEqual([author.manyToMany[0]!.from.column, author.manyToMany[0]!.to.column], ['from_author_id', 'to_author_id']);
    assert.deepEqual(resolveModel(state, 'library', 'publisher').columns.map((c) => c.column), ['id', 'name', 'num_awards']);
  });

  it('names the model, field and file of a relation to a missing model', () => {
    const Orphan = defineModel('Orphan', { parent: ForeignKey('Nowhere', { onDelete: 'CASCADE' }) });
    const registry = new ModelRegistry();
    registry.addApp('library', '/tmp/library', undefined);
    registry.register(Orphan, 'library');
    assert.throws(() => registry.finalize(), (e: unknown) =>
      e instanceof ModelDefinitionError && /Orphan\.parent: the target 'library\.Nowhere' does not exist/.test(e.message)
      && e.file!.endsWith('define-model.test.ts'));
  });
});
