import { CircularDependencyError } from '../errors.js';
import type { MigrationKey } from '../migration.js';
import type { Operation } from '../operations/operation.js';
import { MigrationOptimizer } from '../optimizer.js';
import { sorted, type DetectionContext, type GeneratedOperation } from './context.js';
import { checkDependency } from './dependencies.js';

/** A migration before naming: `auto_1`, `auto_2`… per app until `arrangeForGraph` numbers it. */
export interface DraftMigration {
  readonly appLabel: string;
  name: string;
  operations: Operation[];
  /** Keyed by `app name` so that each dependency appears once. */
  readonly dependencies: Map<string, MigrationKey>;
  readonly initial: boolean;
}

export function addDependency(migration: DraftMigration, key: MigrationKey): void {
  migration.dependencies.set(`${key[0]} ${key[1]}`, key);
}

/**
 * Django's `stable_topological_sort`: layer by layer, each layer in the original order, so that operations
 * keep their generation order wherever dependencies allow it (deterministic output, readable migrations).
 */
export function stableTopologicalSort<T>(nodes: readonly T[], dependencies: ReadonlyMap<T, ReadonlySet<T>>): T[] {
  const result: T[] = [];
  let todo = new Map([...dependencies].map(([node, deps]) => [node, new Set(deps)]));
  while (todo.size > 0) {
    const layer = new Set([...todo].filter(([, deps]) => deps.size === 0).map(([node]) => node));
    if (layer.size === 0) throw new CircularDependencyError('the generated operations depend on each other in a cycle');
    for (const node of nodes) if (layer.has(node)) result.push(node);
    todo = new Map([...todo]
      .filter(([node]) => !layer.has(node))
      .map(([node, deps]) => [node, new Set([...deps].filter((dep) => !layer.has(dep)))]));
  }
  return result;
}

/** Django's `_sort_migrations`: orders each app's operations by their dependencies within the app. */
export function sortMigrations(ctx: DetectionContext): void {
  for (const appLabel of sorted(ctx.generated.keys())) {
    const operations = ctx.generated.get(appLabel)!;
    const graph = new Map<GeneratedOperation, Set<GeneratedOperation>>(operations.map((op) => [op, new Set()]));
    for (const op of operations) {
      for (const dependency of op.dependencies) {
        if (dependency.appLabel !== appLabel) continue;
        for (const other of operations) if (checkDependency(other.operation, dependency)) graph.get(op)!.add(other);
      }
    }
    ctx.generated.set(appLabel, stableTopologicalSort(operations, graph));
  }
}

/**
 * Django's `_build_migration_list`: cuts each app's operations into migrations. Going round the apps, an
 * app's leading operations whose dependencies on other apps are met (the other app's operation already cut
 * into a migration, or not generated at all) form a migration. A partial cut is only made ("chop mode")
 * after a round in which nothing could be cut whole: this is what splits circular foreign keys between two
 * apps into CreateModel first and AddField in a later migration.
 *
 * A dependency on an app with nothing generated points at its current leaf, or `__first__` when it has
 * no migrations.
 */
export function buildMigrationList(ctx: DetectionContext, leafOf: (appLabel: string) => string | undefined): Map<string, DraftMigration[]> {
  const migrations = new Map<string, DraftMigration[]>();
  const remaining = new Map([...ctx.generated].map(([app, ops]) => [app, [...ops]]));
  const count = () => [...remaining.values()].reduce((n, ops) => n + ops.length, 0);
  let pending = count();
  let chopMode = false;
  while (pending > 0) {
    for (const appLabel of sorted(remaining.keys())) {
      const queue = remaining.get(appLabel)!;
      const chopped: GeneratedOperation[] = [];
      const dependencies = new Map<string, MigrationKey>();
      while (queue.length > 0) {
        const found = externalDependencies(queue[0]!, appLabel, remaining, migrations, leafOf, chopMode);
        if (!found) break;
        chopped.push(queue.shift()!);
        for (const key of found) dependencies.set(`${key[0]} ${key[1]}`, key);
      }
      if (chopped.length === 0 && dependencies.size === 0) continue;
      if (queue.length === 0 || chopMode) {
        const list = migrations.get(appLabel) ?? [];
        list.push({ appLabel, name: `auto_${list.length + 1}`, operations: chopped.map((op) => op.operation), dependencies, initial: !ctx.existingApps.has(appLabel) });
        migrations.set(appLabel, list);
        chopMode = false;
      } else {
        // Not everything could go: put the operations back and try the other apps first.
        queue.unshift(...chopped);
      }
    }
    const now = count();
    if (now === pending) {
      if (chopMode) throw new CircularDependencyError('cannot resolve the dependencies between the generated operations');
      chopMode = true;
    }
    pending = now;
  }
  return migrations;
}

/**
 * The migrations `op` must depend on in other apps, or undefined when one of its dependencies is still
 * waiting to be cut (or, outside chop mode, when it would need a migration not generated in this run).
 */
function externalDependencies(
  op: GeneratedOperation,
  appLabel: string,
  remaining: ReadonlyMap<string, readonly GeneratedOperation[]>,
  migrations: ReadonlyMap<string, readonly DraftMigration[]>,
  leafOf: (appLabel: string) => string | undefined,
  chopMode: boolean,
): MigrationKey[] | undefined {
  const keys: MigrationKey[] = [];
  for (const dependency of op.dependencies) {
    const other = dependency.appLabel;
    if (other === appLabel) continue;
    if ((remaining.get(other) ?? []).some((candidate) => checkDependency(candidate.operation, dependency))) return undefined;
    const cut = migrations.get(other);
    if (cut) {
      keys.push([other, cut[cut.length - 1]!.name]);
    } else if (chopMode) {
      // The other app's model exists already: depend on its latest migration, as it is unknown which one made it.
      keys.push([other, leafOf(other) ?? '__first__']);
    } else {
      return undefined;
    }
  }
  return keys;
}

/**
 * Django's `_optimize_migrations`: each migration depends on the previous one of its app, and its
 * operations go through the optimizer.
 */
export function optimizeMigrations(migrations: Map<string, DraftMigration[]>): void {
  for (const [appLabel, list] of migrations) {
    list.forEach((migration, i) => {
      if (i > 0) addDependency(migration, [appLabel, list[i - 1]!.name]);
      migration.operations = new MigrationOptimizer().optimize(migration.operations, appLabel);
    });
  }
}
