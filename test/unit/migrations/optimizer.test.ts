import assert from 'node:assert/strict';
import { fields } from '../../../src/migrations/fields.js';
import { operations as ops } from '../../../src/migrations/operations/index.js';
import { MigrationOptimizer } from '../../../src/migrations/optimizer.js';
import { Index, UniqueConstraint } from '../../../src/models/indexes.js';
import { assertDoesNotOptimize, assertOptimizesTo } from '../../support/autodetector-helpers.js';

// Django's tests/migrations/test_optimizer.py, for the operations stratum has.
const id = ['id', fields.AutoField({ primaryKey: true })] as const;
const name = ['name', fields.CharField({ maxLength: 255 })] as const;
const age = fields.IntegerField({ null: true });
const fk = (to: string) => fields.ForeignKey({ to, onDelete: 'CASCADE' });
const createFoo = (...extra: (readonly [string, ReturnType<typeof fields.IntegerField>])[]) => ops.CreateModel({ name: 'Foo', fields: [id, name, ...extra] });

describe('MigrationOptimizer', () => {
  it('leaves an empty list and a single operation alone', () => {
    assertOptimizesTo([], []);
    assertDoesNotOptimize([createFoo()]);
  });

  it('cancels a CreateModel followed by its DeleteModel', () => {
    assertOptimizesTo([createFoo(), ops.DeleteModel({ name: 'Foo' })], []);
  });

  it('folds AddField, AlterField and RemoveField into the CreateModel', () => {
    assertOptimizesTo([createFoo(), ops.AddField({ modelName: 'foo', name: 'age', field: age })], [createFoo(['age', age])]);
    const longer = fields.CharField({ maxLength: 500 });
    assertOptimizesTo(
      [createFoo(), ops.AlterField({ modelName: 'foo', name: 'name', field: longer })],
      [ops.CreateModel({ name: 'Foo', fields: [id, ['name', longer]] })],
    );
    assertOptimizesTo([createFoo(['age', age]), ops.RemoveField({ modelName: 'foo', name: 'age' })], [createFoo()]);
  });

  it('drops a one-off default when folding an AddField into the CreateModel', () => {
    const added = ops.AddField({ modelName: 'foo', name: 'age', field: fields.IntegerField({ default: 1 }), preserveDefault: false });
    assertOptimizesTo([createFoo(), added], [createFoo(['age', fields.IntegerField()])]);
  });

  it('combines AddField with a later AlterField or RemoveField of the same field', () => {
    const add = ops.AddField({ modelName: 'foo', name: 'age', field: age });
    const wider = fields.BigIntegerField({ null: true });
    assertOptimizesTo([add, ops.AlterField({ modelName: 'foo', name: 'age', field: wider })], [ops.AddField({ modelName: 'foo', name: 'age', field: wider })]);
    assertOptimizesTo([add, ops.RemoveField({ modelName: 'foo', name: 'age' })], []);
  });

  it('keeps only the last AlterField, and the RemoveField after an AlterField', () => {
    const first = ops.AlterField({ modelName: 'foo', name: 'name', field: fields.CharField({ maxLength: 1 }) });
    const second = ops.AlterField({ modelName: 'foo', name: 'name', field: fields.CharField({ maxLength: 2 }) });
    const remove = ops.RemoveField({ modelName: 'foo', name: 'name' });
    assertOptimizesTo([first, second], [second]);
    assertOptimizesTo([first, remove], [remove]);
  });

  it('folds a RemoveField into the DeleteModel of its model', () => {
    assertOptimizesTo([ops.RemoveField({ modelName: 'foo', name: 'age' }), ops.DeleteModel({ name: 'Foo' })], [ops.DeleteModel({ name: 'Foo' })]);
  });

  it('cancels AddIndex/RemoveIndex and AddConstraint/RemoveConstraint pairs', () => {
    const index = Index({ fields: ['name'], name: 'foo_name_idx' });
    assertOptimizesTo([ops.AddIndex({ modelName: 'foo', index }), ops.RemoveIndex({ modelName: 'foo', name: 'foo_name_idx' })], []);
    const constraint = UniqueConstraint({ fields: ['name'], name: 'foo_name_uniq' });
    assertOptimizesTo([ops.AddConstraint({ modelName: 'foo', constraint }), ops.RemoveConstraint({ modelName: 'foo', name: 'foo_name_uniq' })], []);
  });

  it('optimizes across operations that do not reference the model (test_optimize_through_create)', () => {
    const bar = ops.CreateModel({ name: 'Bar', fields: [id] });
    // A reduction "on the right" puts the result where the later operation was.
    assertOptimizesTo([createFoo(), bar, ops.AddField({ modelName: 'foo', name: 'age', field: age })], [bar, createFoo(['age', age])]);
    assertOptimizesTo([createFoo(), bar, ops.DeleteModel({ name: 'Foo' })], [bar]);
  });

  it('reorders CreateModels to fold a foreign key to a model created between them (test_create_model_reordering)', () => {
    const link = ops.CreateModel({ name: 'Link', fields: [id] });
    assertOptimizesTo(
      [createFoo(), link, ops.AddField({ modelName: 'foo', name: 'link', field: fk('migrations.link') })],
      [link, ops.CreateModel({ name: 'Foo', fields: [id, name, ['link', fk('migrations.link')]] })],
    );
  });

  it('keeps one AddField out of circular CreateModels (test_create_model_reordering_circular_fk)', () => {
    const bar = ops.CreateModel({ name: 'Bar', fields: [id] });
    const foo = ops.CreateModel({ name: 'Foo', fields: [id] });
    assertOptimizesTo(
      [bar, foo, ops.AddField({ modelName: 'bar', name: 'foo_fk', field: fk('migrations.foo') }), ops.AddField({ modelName: 'foo', name: 'bar_fk', field: fk('migrations.bar') })],
      [foo, ops.CreateModel({ name: 'Bar', fields: [id, ['foo_fk', fk('migrations.foo')]] }), ops.AddField({ modelName: 'foo', name: 'bar_fk', field: fk('migrations.bar') })],
    );
  });

  it('does not fold across an operation that references the model', () => {
    const child = ops.CreateModel({ name: 'Child', fields: [id, ['foo', fk('migrations.foo')]] });
    assertDoesNotOptimize([createFoo(), child, ops.DeleteModel({ name: 'Foo' })]);
  });

  it('folds on the left when the operations in between let the later one through', () => {
    const child = ops.CreateModel({ name: 'Child', fields: [id, ['foo', fk('migrations.foo')]] });
    // Child references Foo, so the result cannot go right of it; RemoveField(foo.name) does not reference Child.
    assertOptimizesTo(
      [createFoo(), child, ops.RemoveField({ modelName: 'foo', name: 'name' })],
      [ops.CreateModel({ name: 'Foo', fields: [id] }), child],
    );
  });

  it('does not fold through an index on the model, as Django\'s IndexOperation does not let operations through', () => {
    const index = ops.AddIndex({ modelName: 'foo', index: Index({ fields: ['name'], name: 'foo_name_idx' }) });
    assertDoesNotOptimize([createFoo(), index, ops.AddField({ modelName: 'foo', name: 'age', field: age })]);
  });

  it('optimizes field operations through operations on other fields (test_optimize_through_fields)', () => {
    const other = ops.AddField({ modelName: 'foo', name: 'other', field: age });
    assertOptimizesTo(
      [ops.AddField({ modelName: 'foo', name: 'age', field: age }), other, ops.RemoveField({ modelName: 'foo', name: 'age' })],
      [other],
    );
    // Nothing here combines: operations on different fields only let each other through.
    const bar = ops.AddField({ modelName: 'bar', name: 'foo', field: fk('migrations.foo') });
    assertDoesNotOptimize([ops.AlterField({ modelName: 'foo', name: 'age', field: age }), bar, ops.RemoveField({ modelName: 'foo', name: 'name' })]);
  });

  it('drops elidable operations next to others and counts its passes', () => {
    const optimizer = new MigrationOptimizer();
    const sql = ops.RunSQL({ sql: 'SELECT 1', elidable: true });
    const result = optimizer.optimize([createFoo(), sql, ops.DeleteModel({ name: 'Foo' })], 'migrations');
    assert.deepEqual(result.map((op) => op.type), []);
    assert.ok(optimizer.iterations >= 2, 'one pass that reduces, one that finds nothing');
  });
});
