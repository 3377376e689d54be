import type { FieldType } from '../models/field-types.js';
import { fieldOption, hasDefault, type Field } from '../models/fields.js';
import type { ResolvedColumn } from '../state/resolved-model.js';

/** Field types whose empty value is '' (Django's `empty_strings_allowed`). */
const EMPTY_STRING_TYPES: ReadonlySet<FieldType> = new Set([
  'CharField', 'TextField', 'EmailField', 'URLField', 'SlugField', 'BinaryField',
]);

function timeOfDay(now: Date): string {
  return now.toISOString().slice(11, 23);
}

/**
 * Django's `_effective_default`: the value that fills existing rows when a column is added or made NOT
 * NULL — the field's default (a function is called once), '' for a blank non-null text field, "now" for
 * `autoNow`/`autoNowAdd`, otherwise null.
 */
export function effectiveDefault(column: ResolvedColumn): unknown {
  const field: Field = column.field;
  if (hasDefault(field)) {
    const value = field.options.default;
    const resolved = typeof value === 'function' ? (value as () => unknown)() : value;
    return resolved === undefined ? null : resolved;
  }
  if (!column.nullable && fieldOption(field, 'blank') && EMPTY_STRING_TYPES.has(field.type)) {
    return field.type === 'BinaryField' ? Buffer.alloc(0) : '';
  }
  if (fieldOption(field, 'autoNow') || fieldOption(field, 'autoNowAdd')) {
    const now = new Date();
    return field.type === 'TimeField' ? timeOfDay(now) : now;
  }
  return null;
}

/** Whether the field keeps a database default (Django 5's `db_default`). */
export function hasDbDefault(column: ResolvedColumn): boolean {
  return column.field.options.dbDefault !== undefined;
}

/** Structural equality of two default values, so that an unchanged default is not re-applied. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}
