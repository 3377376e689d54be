import { sql, type Expression } from '../db/kysely.js';
import type { ScalarFieldType } from '../models/field-types.js';
import { fieldOption, type Field } from '../models/fields.js';
import type { ResolvedColumn } from '../state/resolved-model.js';

/** Django's `data_types` of one backend: a column type per field type, templated on the field's options. */
export type DataTypes = Readonly<Record<ScalarFieldType, string | ((field: Field) => string)>>;

/** Everything one backend says about column types (Django's `data_types*` attributes of `DatabaseWrapper`). */
export interface ColumnTypeSpec {
  readonly dataTypes: DataTypes;
  /** Django's `data_types_suffix`: what follows the column definition (PostgreSQL identity, SQLite AUTOINCREMENT). */
  readonly suffixes: Readonly<Partial<Record<ScalarFieldType, string>>>;
  /** Django's `data_type_check_constraints`: a CHECK on the column, built from its (quoted) name. */
  readonly checks: Readonly<Partial<Record<ScalarFieldType, (column: Expression<unknown>) => Expression<unknown>>>>;
  /** Django's `related_fields_match_type`: a foreign key to an unsigned key is unsigned too (MySQL). */
  readonly relatedFieldsMatchType: boolean;
}

/** The type of one column: what goes after its name, an optional CHECK and an optional suffix. */
export interface ColumnType {
  readonly type: string;
  /** `key` names the kind of check: a change of key means dropping the old CHECK and adding the new one. */
  readonly check?: { readonly key: string; readonly expression: Expression<unknown> };
  readonly suffix?: string;
}

/** Django's `AutoFieldMixin.rel_db_type`: a key pointing at an auto field is a plain integer of its size. */
const AUTO_TO_PLAIN: Readonly<Partial<Record<ScalarFieldType, ScalarFieldType>>> = {
  AutoField: 'IntegerField',
  BigAutoField: 'BigIntegerField',
  SmallAutoField: 'SmallIntegerField',
};

/** Django's `PositiveIntegerRelDbTypeMixin.rel_db_type` where related types need not match. */
const POSITIVE_TO_PLAIN: Readonly<Partial<Record<ScalarFieldType, ScalarFieldType>>> = {
  PositiveIntegerField: 'IntegerField',
  PositiveBigIntegerField: 'BigIntegerField',
  PositiveSmallIntegerField: 'SmallIntegerField',
};

/** `varchar(%(max_length)s)` and friends. */
export function varchar(field: Field): string {
  const maxLength = fieldOption(field, 'maxLength');
  return maxLength === undefined ? 'varchar' : `varchar(${maxLength})`;
}

/** The CharField family, `varchar(n)` on every backend. */
export const VARCHAR_TYPES = { CharField: varchar, EmailField: varchar, URLField: varchar, SlugField: varchar } as const;

/** `numeric(%(max_digits)s, %(decimal_places)s)`. */
export function numeric(name: string): (field: Field) => string {
  return (field) => `${name}(${fieldOption(field, 'maxDigits')}, ${fieldOption(field, 'decimalPlaces')})`;
}

function typeOf(spec: ColumnTypeSpec, type: ScalarFieldType, field: Field): string {
  const entry = spec.dataTypes[type];
  return typeof entry === 'function' ? entry(field) : entry;
}

/**
 * Django's `db_type`/`rel_db_type`/`db_check`/`db_type_suffix` for a resolved column: a foreign key takes
 * its target's related type and has neither check nor suffix.
 */
export function columnType(spec: ColumnTypeSpec, column: ResolvedColumn): ColumnType {
  const dataType = column.dataField.type as ScalarFieldType;
  if (column.isReference) {
    const plain = AUTO_TO_PLAIN[dataType] ?? (spec.relatedFieldsMatchType ? undefined : POSITIVE_TO_PLAIN[dataType]);
    return { type: typeOf(spec, plain ?? dataType, column.dataField) };
  }
  const check = spec.checks[dataType];
  const suffix = spec.suffixes[dataType];
  return {
    type: typeOf(spec, dataType, column.dataField),
    ...(check ? { check: { key: dataType, expression: check(sql.id(column.column)) } } : {}),
    ...(suffix ? { suffix } : {}),
  };
}

/** `"col" >= 0`, the check of Django's positive integer fields. */
export function nonNegative(column: Expression<unknown>): Expression<unknown> {
  return sql`${column} >= 0`;
}
