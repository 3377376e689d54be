import { makeField, type Field } from '../../models/fields.js';
import { columnName } from '../../state/resolved-model.js';

/**
 * Django compares fields, indexes and constraints by their deep deconstruction. stratum's are frozen data
 * already, so comparing them is a structural equality, with two adjustments for what a migration file can
 * keep: functions (callable defaults) compare by source text, since the migration holds a copy of the
 * models.ts function and never the same object, and dates compare by time.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === 'function' && typeof b === 'function') return a.toString() === b.toString();
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof Uint8Array) return Buffer.compare(a, b as Uint8Array) === 0;
  if (a instanceof Map || a instanceof Set) return sameValue([...a], [...(b as Map<unknown, unknown> | Set<unknown>)]);
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameValue(item, other[i]));
  }
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key)
    && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Two fields define the same column and state (type and normalised options; an unresolved `target` is ignored). */
export function sameField(a: Field, b: Field): boolean {
  return a.type === b.type && sameValue(a.options, b.options);
}

/**
 * Django's rename criterion for fields: the same definition, or the old definition with `dbColumn` set to
 * the old column (a rename that keeps the column).
 */
export function sameFieldForRename(oldName: string, oldField: Field, newField: Field): boolean {
  if (sameField(oldField, newField)) return true;
  const keepingColumn = makeField(oldField.type, { ...oldField.options, dbColumn: columnName(oldName, oldField) });
  return sameField(keepingColumn, newField);
}

/**
 * Django's `only_relation_agnostic_fields`: a model's field definitions in field-name order, without the
 * relation targets (which change when a related model is renamed). Two models with equal lists may be a rename.
 */
export function relationAgnosticFields(fields: readonly (readonly [string, Field])[]): unknown[] {
  return [...fields]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, field]) => {
      const { to: _target, ...options } = field.options;
      return { type: field.type, options };
    });
}
