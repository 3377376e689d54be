import type { ConstraintDef } from '../models/indexes.js';
import type { QNode } from '../query/q.js';
import { CombinedExpression, FieldRef } from '../query/expressions.js';
import { QNode as QNodeClass } from '../query/q.js';
import type { ResolvedColumn, ResolvedModel } from '../state/resolved-model.js';

/** What a table remake changes besides the target definition (Django's `_remake_table` arguments). */
export interface RemakeChange {
  /** A new column, filled with `fill` (its effective default, computed once) or its database default. */
  readonly create?: { readonly column: ResolvedColumn; readonly fill: unknown };
  /** A changed column: copied from `old.column` into `neu.column`, NULLs filled when it becomes NOT NULL. */
  readonly alter?: { readonly old: ResolvedColumn; readonly neu: ResolvedColumn };
}

/** Field names a condition refers to (lookups and F() expressions). */
export function conditionFields(condition: QNode): Set<string> {
  const names = new Set<string>();
  const visitValue = (value: unknown): void => {
    if (value instanceof FieldRef) names.add(value.name.split('__')[0]!);
    else if (value instanceof CombinedExpression) { visitValue(value.lhs); visitValue(value.rhs); }
    else if (Array.isArray(value)) value.forEach(visitValue);
  };
  const visit = (node: QNode): void => {
    for (const child of node.children) {
      if (child instanceof QNodeClass) { visit(child); continue; }
      names.add(child[0].split('__')[0]!);
      visitValue(child[1]);
    }
  };
  visit(condition);
  return names;
}

/** Whether a Meta index, constraint or `unique_together` entry of the model involves the field. */
export function isFieldInMeta(model: ResolvedModel, fieldName: string): boolean {
  const mentions = (fields: readonly string[]) => fields.some((f) => f.replace(/^-/, '') === fieldName);
  return model.indexes.some((i) => mentions(i.fields) || (i.condition !== undefined && conditionFields(i.condition).has(fieldName)))
    || model.constraints.some((c) => (c.kind === 'unique' && mentions(c.fields)) || (c.condition !== undefined && conditionFields(c.condition).has(fieldName)))
    || model.uniqueTogether.some(mentions);
}

/**
 * The model without one field, as Django's `_remake_table(delete_field=...)` builds it: indexes and
 * `unique_together` entries on the field go with it.
 */
export function withoutField(model: ResolvedModel, column: ResolvedColumn): ResolvedModel {
  return {
    ...model,
    columns: model.columns.filter((c) => c !== column),
    indexes: model.indexes.filter((i) => !i.fields.some((f) => f.replace(/^-/, '') === column.name)),
    uniqueTogether: model.uniqueTogether.map((u) => u.filter((f) => f !== column.name)).filter((u) => u.length > 0),
  };
}

export function withoutConstraint(model: ResolvedModel, constraint: ConstraintDef): ResolvedModel {
  return { ...model, constraints: model.constraints.filter((c) => c.name !== constraint.name) };
}
