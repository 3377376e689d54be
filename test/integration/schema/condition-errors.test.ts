import { strict as assert } from 'node:assert';
import { fields } from '../../../src/migrations/fields.js';
import { AddConstraint, AddIndex } from '../../../src/migrations/operations/index.js';
import { CheckConstraint, Index } from '../../../src/models/indexes.js';
import { F } from '../../../src/query/expressions.js';
import { Q } from '../../../src/query/q.js';
import { ConditionError } from '../../../src/schema/condition-compiler.js';
import { describeEachBackend } from '../../support/backends.js';
import { authorKey, createAuthor, createBook } from './fixtures.js';
import { useTestDatabase } from './harness.js';

describeEachBackend('schema editor: conditions it cannot compile', (backend) => {
  const t = useTestDatabase(backend);

  it('names the constraint, the model and the problem for an unknown field, lookup, join or value', async () => {
    const initial = await t.migrate([createAuthor(), createBook([['pages', fields.IntegerField()], ['author', authorKey()]])]);
    const check = (condition: ReturnType<typeof Q>) => t.collect([new AddConstraint({ modelName: 'Book', constraint: CheckConstraint({ condition, name: 'c' }) })], initial);
    await assert.rejects(check(Q({ leaves__gt: 0 })), (e: unknown) => e instanceof ConditionError
      && /CheckConstraint 'c' on library\.Book: Book has no field 'leaves' \(fields: id, title, pages, author\)/.test(e.message));
    await assert.rejects(check(Q({ pages__between: 1 })), /unknown lookup 'between' in 'pages__between'/);
    await assert.rejects(check(Q({ author__name: 'x' })), /unknown lookup 'name' in 'author__name' \(a condition cannot follow relations\)/);
    await assert.rejects(check(Q({ pages__gt: F('author__id') })), /F\('author__id'\) spans a relation/);
    await assert.rejects(check(Q({ pages__gt: null })), /cannot compare with null using '>'; use __isnull/);
    await assert.rejects(check(Q({ pages__in: 3 })), /__in expects a list/);
    await assert.rejects(
      t.collect([new AddIndex({ modelName: 'Book', index: Index({ fields: ['nothing'], name: 'i' }) })], initial),
      /library\.Book has no column for field 'nothing'/,
    );
  });

  it('accepts attnames and pk in conditions, and compiles F() arithmetic', async () => {
    const initial = await t.migrate([createAuthor(), createBook([['pages', fields.IntegerField()], ['author', authorKey()]])]);
    const statements = await t.collect([new AddConstraint({
      modelName: 'Book',
      constraint: CheckConstraint({ condition: Q({ author_id__gt: 0, pk__gte: 1, pages__lt: F('pages').add(1).mul(2) }), name: 'c' }),
    })], initial);
    const text = statements.map((s) => s.sql).join('\n');
    const q = backend.name === 'mysql' ? '`' : '"';
    assert.ok(text.includes(`${q}author_id${q} > 0`), text);
    assert.ok(text.includes(`${q}id${q} >= 1`), text);
    assert.ok(text.includes(`${q}pages${q} < ((${q}pages${q} + 1) * 2)`), text);
  });
});
