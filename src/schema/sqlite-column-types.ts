import { sql, type Expression } from '../db/kysely.js';
import { nonNegative, VARCHAR_TYPES, type ColumnTypeSpec } from './column-types.js';

/** `(JSON_VALID("col") OR "col" IS NULL)`. */
function jsonValid(column: Expression<unknown>): Expression<unknown> {
  return sql`(JSON_VALID(${column}) OR ${column} IS NULL)`;
}

/** Django's `django/db/backends/sqlite3/base.py` `data_types`, `data_types_suffix`, `data_type_check_constraints`. */
export const SQLITE_COLUMN_TYPES: ColumnTypeSpec = {
  dataTypes: {
    AutoField: 'integer',
    BigAutoField: 'integer',
    SmallAutoField: 'integer',
    BinaryField: 'BLOB',
    BooleanField: 'bool',
    ...VARCHAR_TYPES,
    DateField: 'date',
    DateTimeField: 'datetime',
    DecimalField: 'decimal',
    DurationField: 'bigint',
    FloatField: 'real',
    IntegerField: 'integer',
    BigIntegerField: 'bigint',
    SmallIntegerField: 'smallint',
    JSONField: 'text',
    PositiveBigIntegerField: 'bigint unsigned',
    PositiveIntegerField: 'integer unsigned',
    PositiveSmallIntegerField: 'smallint unsigned',
    TextField: 'text',
    TimeField: 'time',
    UUIDField: 'char(32)',
  },
  suffixes: { AutoField: 'AUTOINCREMENT', BigAutoField: 'AUTOINCREMENT', SmallAutoField: 'AUTOINCREMENT' },
  checks: {
    PositiveBigIntegerField: nonNegative,
    PositiveIntegerField: nonNegative,
    PositiveSmallIntegerField: nonNegative,
    JSONField: jsonValid,
  },
  relatedFieldsMatchType: false,
};
