import type { ConstraintDef, IndexDef } from '../../models/indexes.js';
import { AddConstraint, AddIndex, RemoveConstraint, RemoveIndex } from '../operations/index.js';
import { sameValue } from './compare.js';
import { sorted, type DetectionContext } from './context.js';
import { dependenciesForModel, splitModelKey } from './dependencies.js';

/** What changed in one kept model's Meta `indexes` or `constraints`, compared by value. */
export interface AlteredItems<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
}

/**
 * Django's `create_altered_indexes`/`create_altered_constraints`, computed once before the removals (which
 * must run before fields are removed) and the additions (which must run after fields are added). An index
 * or constraint whose definition changed is removed and added again.
 *
 * TODO(RenameIndex issue): Django 4.1+ turns an index that only changed its name into a RenameIndex.
 */
export function alteredItems<T extends IndexDef | ConstraintDef>(
  ctx: DetectionContext,
  kind: 'indexes' | 'constraints',
): Map<string, AlteredItems<T>> {
  const altered = new Map<string, AlteredItems<T>>();
  for (const key of sorted(ctx.keptModelKeys)) {
    const before = (ctx.oldModel(key).options[kind] ?? []) as readonly T[];
    const after = (ctx.newModel(key).options[kind] ?? []) as readonly T[];
    altered.set(key, {
      added: after.filter((item) => !before.some((old) => sameValue(old, item))),
      removed: before.filter((item) => !after.some((now) => sameValue(now, item))),
    });
  }
  return altered;
}

/** Django's `generate_removed_indexes`. */
export function generateRemovedIndexes(ctx: DetectionContext, altered: Map<string, AlteredItems<IndexDef>>): void {
  for (const [key, { removed }] of altered) {
    const [appLabel, modelName] = splitModelKey(key);
    for (const index of removed) ctx.addOperation(appLabel, new RemoveIndex({ modelName, name: index.name }));
  }
}

/** Django's `generate_added_indexes`: after the model's relation targets exist. */
export function generateAddedIndexes(ctx: DetectionContext, altered: Map<string, AlteredItems<IndexDef>>): void {
  for (const [key, { added }] of altered) {
    const [appLabel, modelName] = splitModelKey(key);
    const dependencies = dependenciesForModel(ctx.newModel(key));
    for (const index of added) ctx.addOperation(appLabel, new AddIndex({ modelName, index }), dependencies);
  }
}

/** Django's `generate_removed_constraints`. */
export function generateRemovedConstraints(ctx: DetectionContext, altered: Map<string, AlteredItems<ConstraintDef>>): void {
  for (const [key, { removed }] of altered) {
    const [appLabel, modelName] = splitModelKey(key);
    for (const constraint of removed) ctx.addOperation(appLabel, new RemoveConstraint({ modelName, name: constraint.name }));
  }
}

/** Django's `generate_added_constraints`: after the model's relation targets exist. */
export function generateAddedConstraints(ctx: DetectionContext, altered: Map<string, AlteredItems<ConstraintDef>>): void {
  for (const [key, { added }] of altered) {
    const [appLabel, modelName] = splitModelKey(key);
    const dependencies = dependenciesForModel(ctx.newModel(key));
    for (const constraint of added) ctx.addOperation(appLabel, new AddConstraint({ modelName, constraint }), dependencies);
  }
}
