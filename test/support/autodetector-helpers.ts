import assert from 'node:assert/strict';
import { MigrationAutodetector, type ChangesOptions, type PlannedMigration } from '../../src/migrations/autodetector.js';
import { sameValue } from '../../src/migrations/autodetector/compare.js';
import type { Operation } from '../../src/migrations/operations/operation.js';
import { MigrationOptimizer } from '../../src/migrations/optimizer.js';
import type { Questioner } from '../../src/migrations/questioner.js';
import { ScriptedQuestioner } from '../../src/migrations/questioners.js';
import type { ModelState } from '../../src/state/model-state.js';
import { ProjectState } from '../../src/state/project-state.js';

/**
 * Django's test_autodetector helpers: build the two states from model states, run the autodetector, and
 * assert on the planned migrations, with a readable dump of all changes in every failure message.
 */
export type Changes = Map<string, PlannedMigration[]>;

export interface GetChangesOptions extends Partial<ChangesOptions> {
  /** Current leaf migration per app (default: none, as Django's empty graph). */
  leaves?: Readonly<Record<string, string>>;
}

export function stateOf(models: readonly ModelState[] | ProjectState): ProjectState {
  return models instanceof ProjectState ? models : ProjectState.fromModels(models);
}

/** `get_changes(before, after, questioner)`: a ScriptedQuestioner with no answers by default, so any question fails the test. */
export async function getChanges(
  before: readonly ModelState[] | ProjectState,
  after: readonly ModelState[] | ProjectState,
  questioner: Questioner = new ScriptedQuestioner(),
  options: GetChangesOptions = {},
): Promise<Changes> {
  const { leaves = {}, ...rest } = options;
  return new MigrationAutodetector(stateOf(before), stateOf(after), questioner)
    .changes({ leafOf: (app) => leaves[app], now: new Date(Date.UTC(2024, 0, 2, 3, 4)), ...rest });
}

/** Django's `repr_changes`: every migration with its dependencies and operations. */
export function describeChanges(changes: Changes): string {
  const lines: string[] = [];
  for (const [app, migrations] of changes) {
    lines.push(`${app}:`);
    for (const m of migrations) {
      lines.push(`  ${m.name} (deps: ${m.dependencies.map(([a, n]) => `${a}.${n}`).join(', ') || 'none'})`);
      for (const op of m.operations) lines.push(`    ${op.type} ${JSON.stringify(op.deconstruct().options, (k, v) => (k === 'field' ? v.type : v))}`);
    }
  }
  return lines.join('\n') || '(no changes)';
}

function migrationAt(changes: Changes, app: string, position: number): PlannedMigration {
  const migration = changes.get(app)?.[position];
  assert.ok(migration, `no migration #${position} for ${app}:\n${describeChanges(changes)}`);
  return migration;
}

function operationAt(changes: Changes, app: string, position: number, opPosition: number): Operation {
  const op = migrationAt(changes, app, position).operations[opPosition];
  assert.ok(op, `no operation #${opPosition} in migration #${position} of ${app}:\n${describeChanges(changes)}`);
  return op;
}

export function assertNumberMigrations(changes: Changes, app: string, count: number): void {
  assert.equal(changes.get(app)?.length ?? 0, count, `expected ${count} migration(s) for ${app}:\n${describeChanges(changes)}`);
}

export function assertMigrationDependencies(changes: Changes, app: string, position: number, dependencies: readonly (readonly [string, string])[]): void {
  assert.deepEqual(migrationAt(changes, app, position).dependencies, dependencies, describeChanges(changes));
}

export function assertOperationTypes(changes: Changes, app: string, position: number, types: readonly string[]): void {
  assert.deepEqual(migrationAt(changes, app, position).operations.map((op) => op.type), types, describeChanges(changes));
}

/** Checks the given options of one operation (deep equality; functions by source). */
export function assertOperationAttributes(changes: Changes, app: string, position: number, opPosition: number, attributes: Readonly<Record<string, unknown>>): void {
  const op = operationAt(changes, app, position, opPosition);
  for (const [key, expected] of Object.entries(attributes)) {
    const actual = (op.options as Record<string, unknown>)[key];
    assert.ok(sameValue(actual, expected), `${op.type} #${opPosition}: ${key} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}\n${describeChanges(changes)}`);
  }
}

/** Checks options of the `field` of a field operation. */
export function assertOperationFieldAttributes(changes: Changes, app: string, position: number, opPosition: number, attributes: Readonly<Record<string, unknown>>): void {
  const field = (operationAt(changes, app, position, opPosition).options as { field?: { options: Record<string, unknown> } }).field;
  assert.ok(field, `operation #${opPosition} has no field\n${describeChanges(changes)}`);
  for (const [key, expected] of Object.entries(attributes)) {
    assert.ok(sameValue(field.options[key], expected), `field ${key} is ${String(field.options[key])}, expected ${String(expected)}`);
  }
}

/** The `[name, field type]` list of a CreateModel, to check field order and inlining at a glance. */
export function createdFields(changes: Changes, app: string, position: number, opPosition: number): string[] {
  const op = operationAt(changes, app, position, opPosition);
  assert.equal(op.type, 'CreateModel');
  return (op.options as { fields: readonly (readonly [string, { type: string }])[] }).fields.map(([name, field]) => `${name}:${field.type}`);
}

/** Django's `assertOptimizesTo`: compares deconstructions, so that equal operations built separately match. */
export function assertOptimizesTo(operations: readonly Operation[], expected: readonly Operation[], appLabel = 'migrations'): void {
  const result = new MigrationOptimizer().optimize(operations, appLabel);
  const show = (ops: readonly Operation[]) => ops.map((op) => `${op.type} ${JSON.stringify(op.deconstruct().options, (k, v) => (k === 'field' ? v.type : v))}`).join('\n');
  assert.ok(sameValue(result.map((op) => op.deconstruct()), expected.map((op) => op.deconstruct())), `got:\n${show(result)}\nexpected:\n${show(expected)}`);
}

export function assertDoesNotOptimize(operations: readonly Operation[], appLabel = 'migrations'): void {
  assertOptimizesTo(operations, operations, appLabel);
}
