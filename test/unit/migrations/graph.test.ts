import assert from 'node:assert/strict';
import { MigrationGraph } from '../../../src/migrations/graph.js';
import { Migration } from '../../../src/migrations/migration.js';
import { CircularDependencyError, NodeNotFoundError } from '../../../src/migrations/errors.js';

function graphOf(edges: Record<string, string[]>): MigrationGraph {
  const graph = new MigrationGraph();
  for (const key of Object.keys(edges)) {
    const migration = new Migration();
    [migration.appLabel, migration.name] = key.split('.') as [string, string];
    graph.addNode(key, migration);
  }
  for (const [child, parents] of Object.entries(edges)) for (const parent of parents) graph.addDependency(child, parent);
  return graph;
}

describe('MigrationGraph', () => {
  // Django's test_graph.GraphTests.test_simple_graph, with its expected plans.
  const graph = graphOf({
    'app_a.0001': [],
    'app_a.0002': ['app_a.0001'],
    'app_a.0003': ['app_a.0002', 'app_b.0002'],
    'app_a.0004': ['app_a.0003'],
    'app_b.0001': [],
    'app_b.0002': ['app_b.0001'],
  });

  it('plans forwards through dependencies in Django\'s order', () => {
    assert.deepEqual(graph.forwardsPlan('app_a.0001'), ['app_a.0001']);
    assert.deepEqual(graph.forwardsPlan('app_b.0002'), ['app_b.0001', 'app_b.0002']);
    assert.deepEqual(graph.forwardsPlan('app_a.0004'), ['app_b.0001', 'app_b.0002', 'app_a.0001', 'app_a.0002', 'app_a.0003', 'app_a.0004']);
  });

  it('plans backwards through dependents, the target last', () => {
    assert.deepEqual(graph.backwardsPlan('app_b.0002'), ['app_a.0004', 'app_a.0003', 'app_b.0002']);
    assert.deepEqual(graph.backwardsPlan('app_a.0001'), ['app_a.0004', 'app_a.0003', 'app_a.0002', 'app_a.0001']);
  });

  it('finds leaf and root nodes per app', () => {
    assert.deepEqual(graph.leafNodes(), ['app_a.0004', 'app_b.0002']);
    assert.deepEqual(graph.rootNodes(), ['app_a.0001', 'app_b.0001']);
    assert.deepEqual(graph.leafNodes('app_b'), ['app_b.0002']);
  });

  it('reports a dependency on a migration that does not exist, naming both', () => {
    const broken = graphOf({ 'app_a.0001': [], 'app_a.0002': ['app_a.0001', 'app_c.0001'] });
    assert.throws(() => broken.validateConsistency(), (e: unknown) =>
      e instanceof NodeNotFoundError && /app_a\.0002 depends on \['app_c', '0001'\]/.test(e.message));
  });

  it('refuses a dependency cycle, naming it', () => {
    const cyclic = graphOf({ 'app_a.0001': ['app_b.0001'], 'app_b.0001': ['app_a.0001'] });
    assert.throws(() => cyclic.ensureNotCyclic(), (e: unknown) =>
      e instanceof CircularDependencyError && /app_a\.0001 → app_b\.0001 → app_a\.0001|app_b\.0001 → app_a\.0001 → app_b\.0001/.test(e.message));
  });

  it('walks a 2,000-migration chain without recursion', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 1; i <= 2000; i++) edges[`app.${String(i).padStart(4, '0')}`] = i === 1 ? [] : [`app.${String(i - 1).padStart(4, '0')}`];
    const long = graphOf(edges);
    long.ensureNotCyclic();
    assert.equal(long.forwardsPlan('app.2000').length, 2000);
    assert.equal(long.backwardsPlan('app.0001')[0], 'app.2000');
  });

  it('remaps the dependents of replaced migrations onto the squashed one', () => {
    const squash = graphOf({ 'a.0001': [], 'a.0002': ['a.0001'], 'a.0001_squashed_0002': [], 'b.0001': ['a.0002'] });
    squash.remapNode('a.0001', 'a.0001_squashed_0002');
    squash.remapNode('a.0002', 'a.0001_squashed_0002');
    assert.deepEqual(squash.forwardsPlan('b.0001'), ['a.0001_squashed_0002', 'b.0001']);
  });
});
