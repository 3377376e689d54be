/**
 * What stratum knows about each field type, independent of any database: which options it takes, its
 * defaults (Django's: EmailField max_length 254, SlugField db_index…) and whether it has a column.
 * Dialects map these type names to column types in `src/schema/`.
 */
export const SCALAR_FIELD_TYPES = [
  'AutoField', 'BigAutoField', 'SmallAutoField',
  'CharField', 'TextField', 'EmailField', 'URLField', 'SlugField',
  'IntegerField', 'BigIntegerField', 'SmallIntegerField', 'PositiveIntegerField',
  'PositiveBigIntegerField', 'PositiveSmallIntegerField',
  'FloatField', 'DecimalField', 'BooleanField',
  'DateField', 'DateTimeField', 'TimeField', 'DurationField',
  'UUIDField', 'JSONField', 'BinaryField',
] as const;

export const RELATION_FIELD_TYPES = ['ForeignKey', 'OneToOneField', 'ManyToManyField'] as const;

export type ScalarFieldType = (typeof SCALAR_FIELD_TYPES)[number];
export type RelationFieldType = (typeof RELATION_FIELD_TYPES)[number];
export type FieldType = ScalarFieldType | RelationFieldType;

export const ON_DELETE = ['CASCADE', 'PROTECT', 'RESTRICT', 'SET_NULL', 'SET_DEFAULT', 'DO_NOTHING'] as const;
export type OnDelete = (typeof ON_DELETE)[number];

/** Options every field accepts (API.md §2). */
const COMMON_OPTIONS = [
  'null', 'blank', 'default', 'unique', 'dbIndex', 'dbColumn', 'primaryKey', 'choices', 'validators',
  'editable', 'helpText', 'verboseName', 'dbComment', 'dbDefault',
] as const;

const RELATION_OPTIONS = ['to', 'onDelete', 'relatedName', 'relatedQueryName', 'toField', 'dbConstraint', 'limitChoicesTo'] as const;
const M2M_OPTIONS = ['to', 'through', 'throughFields', 'relatedName', 'relatedQueryName', 'blank', 'dbTable', 'verboseName', 'helpText', 'limitChoicesTo'] as const;

interface FieldTypeInfo {
  /** Options beyond the common ones. */
  readonly extraOptions: readonly string[];
  /** Values an option takes when it is not given; omitted from migration files when equal. */
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly required: readonly string[];
  readonly isAuto?: boolean;
  readonly isRelation?: boolean;
  readonly isManyToMany?: boolean;
}

const text = (defaults: Record<string, unknown> = {}, required: string[] = []): FieldTypeInfo => ({
  extraOptions: ['maxLength'], defaults, required,
});
const plain: FieldTypeInfo = { extraOptions: [], defaults: {}, required: [] };
const auto: FieldTypeInfo = { extraOptions: [], defaults: {}, required: [], isAuto: true };
const dateLike: FieldTypeInfo = { extraOptions: ['autoNow', 'autoNowAdd'], defaults: {}, required: [] };

export const FIELD_TYPE_INFO: Readonly<Record<FieldType, FieldTypeInfo>> = {
  AutoField: auto,
  BigAutoField: auto,
  SmallAutoField: auto,
  CharField: text({}, ['maxLength']),
  TextField: text(),
  EmailField: text({ maxLength: 254 }),
  URLField: text({ maxLength: 200 }),
  SlugField: text({ maxLength: 50, dbIndex: true }),
  IntegerField: plain,
  BigIntegerField: { extraOptions: ['mode'], defaults: {}, required: [] },
  SmallIntegerField: plain,
  PositiveIntegerField: plain,
  PositiveBigIntegerField: plain,
  PositiveSmallIntegerField: plain,
  FloatField: plain,
  DecimalField: { extraOptions: ['maxDigits', 'decimalPlaces'], defaults: {}, required: ['maxDigits', 'decimalPlaces'] },
  BooleanField: plain,
  DateField: dateLike,
  DateTimeField: dateLike,
  TimeField: dateLike,
  DurationField: plain,
  UUIDField: plain,
  JSONField: plain,
  BinaryField: { extraOptions: ['maxLength'], defaults: { editable: false }, required: [] },
  ForeignKey: { extraOptions: [...RELATION_OPTIONS], defaults: { dbIndex: true, dbConstraint: true }, required: ['to', 'onDelete'], isRelation: true },
  OneToOneField: { extraOptions: [...RELATION_OPTIONS, 'parentLink'], defaults: { dbConstraint: true, unique: true }, required: ['to', 'onDelete'], isRelation: true },
  ManyToManyField: { extraOptions: [], defaults: {}, required: ['to'], isRelation: true, isManyToMany: true },
};

/** Every option name a field of this type accepts. */
export function allowedOptions(type: FieldType): ReadonlySet<string> {
  const info = FIELD_TYPE_INFO[type];
  if (info.isManyToMany) return new Set(M2M_OPTIONS);
  return new Set([...COMMON_OPTIONS, ...info.extraOptions]);
}

/** Options equal to these are left out of the normalised field, as Django's deconstruct() does. */
export const GENERIC_DEFAULTS: Readonly<Record<string, unknown>> = {
  null: false, blank: false, unique: false, dbIndex: false, primaryKey: false, editable: true,
  autoNow: false, autoNowAdd: false, dbConstraint: true,
};
