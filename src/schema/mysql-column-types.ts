import { nonNegative, numeric, VARCHAR_TYPES, type ColumnTypeSpec } from './column-types.js';

/** Django's `django/db/backends/mysql/base.py` `data_types` and `data_type_check_constraints`. */
export const MYSQL_COLUMN_TYPES: ColumnTypeSpec = {
  dataTypes: {
    AutoField: 'integer AUTO_INCREMENT',
    BigAutoField: 'bigint AUTO_INCREMENT',
    SmallAutoField: 'smallint AUTO_INCREMENT',
    BinaryField: 'longblob',
    BooleanField: 'bool',
    ...VARCHAR_TYPES,
    DateField: 'date',
    DateTimeField: 'datetime(6)',
    DecimalField: numeric('numeric'),
    DurationField: 'bigint',
    FloatField: 'double precision',
    IntegerField: 'integer',
    BigIntegerField: 'bigint',
    SmallIntegerField: 'smallint',
    JSONField: 'json',
    PositiveBigIntegerField: 'bigint UNSIGNED',
    PositiveIntegerField: 'integer UNSIGNED',
    PositiveSmallIntegerField: 'smallint UNSIGNED',
    TextField: 'longtext',
    TimeField: 'time(6)',
    UUIDField: 'char(32)',
  },
  suffixes: {},
  checks: {
    PositiveBigIntegerField: nonNegative,
    PositiveIntegerField: nonNegative,
    PositiveSmallIntegerField: nonNegative,
  },
  // A foreign key to an unsigned key must be unsigned too.
  relatedFieldsMatchType: true,
};

/** Django's `_limited_data_types`: columns MySQL cannot index without a prefix nor default without parentheses. */
export const LIMITED_DATA_TYPES: ReadonlySet<string> = new Set([
  'tinyblob', 'blob', 'mediumblob', 'longblob', 'tinytext', 'text', 'mediumtext', 'longtext', 'json',
]);
