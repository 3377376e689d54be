import { FIELD_TYPE_INFO, GENERIC_DEFAULTS, type FieldType, type OnDelete } from './field-types.js';

/** A relation target as written in models.ts: `() => Author`, `'self'`, `'Author'` or `'library.Author'`. */
export type RelationTarget = string | (() => { readonly _meta: { readonly appLabel: string | undefined; readonly name: string } });

export type Choices = readonly (readonly [unknown, string])[];

export interface FieldOptions {
  null?: boolean;
  blank?: boolean;
  default?: unknown;
  unique?: boolean;
  dbIndex?: boolean;
  dbColumn?: string;
  primaryKey?: boolean;
  choices?: Choices;
  validators?: readonly ((value: unknown) => void)[];
  editable?: boolean;
  helpText?: string;
  verboseName?: string;
  dbComment?: string;
  dbDefault?: unknown;
  maxLength?: number;
  maxDigits?: number;
  decimalPlaces?: number;
  autoNow?: boolean;
  autoNowAdd?: boolean;
  mode?: 'number' | 'bigint';
  /** Relations: the target as `'app.model'` (lower-case model name) once resolved. */
  to?: string;
  onDelete?: OnDelete;
  relatedName?: string;
  relatedQueryName?: string;
  toField?: string;
  dbConstraint?: boolean;
  limitChoicesTo?: unknown;
  parentLink?: boolean;
  through?: string;
  throughFields?: readonly [string, string];
  dbTable?: string;
}

/**
 * A field: its type and its normalised options (only those that differ from the defaults, as Django's
 * `deconstruct()`), plain frozen data. The same shape serves model definitions and migration state; a
 * model field may still hold an unresolved relation `target`, which the registry turns into `options.to`.
 *
 * `T` is the JavaScript value type, carried for typing only.
 */
export interface Field<T = unknown> {
  readonly type: FieldType;
  readonly options: Readonly<FieldOptions>;
  readonly target?: RelationTarget;
  /** @internal phantom for the value type; never set. */
  readonly __value?: T;
}

/** Builds a normalised, frozen field: type defaults and generic defaults are dropped from the options. */
export function makeField<T>(type: FieldType, options: FieldOptions = {}, target?: RelationTarget): Field<T> {
  const info = FIELD_TYPE_INFO[type];
  const normalised: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (key in info.defaults) {
      if (info.defaults[key] === value) continue;
    } else if (key in GENERIC_DEFAULTS && GENERIC_DEFAULTS[key] === value) {
      continue;
    }
    normalised[key] = value;
  }
  // A primary key is unique by definition; Django leaves `unique` out of its deconstruction.
  if (normalised.primaryKey) delete normalised.unique;
  const field: Field<T> = target === undefined
    ? { type, options: Object.freeze(normalised) }
    : { type, options: Object.freeze(normalised), target };
  return Object.freeze(field);
}

/** The effective value of an option, with the type's and the generic defaults applied. */
export function fieldOption<K extends keyof FieldOptions>(field: Field, key: K): FieldOptions[K] {
  const value = field.options[key];
  if (value !== undefined) return value;
  const info = FIELD_TYPE_INFO[field.type];
  if (key in info.defaults) return info.defaults[key] as FieldOptions[K];
  return GENERIC_DEFAULTS[key] as FieldOptions[K];
}

export function isRelation(field: Field): boolean {
  return FIELD_TYPE_INFO[field.type].isRelation === true;
}

export function isManyToMany(field: Field): boolean {
  return FIELD_TYPE_INFO[field.type].isManyToMany === true;
}

export function isAutoField(field: Field): boolean {
  return FIELD_TYPE_INFO[field.type].isAuto === true;
}

/** Whether the field has a default that can fill existing rows (Django's `has_default()`). */
export function hasDefault(field: Field): boolean {
  return 'default' in field.options;
}

/** A field without its Python-only attributes, for comparing what reaches the database and state. */
export function withoutValidators(field: Field): Field {
  if (!('validators' in field.options)) return field;
  const { validators: _ignored, ...rest } = field.options;
  return field.target === undefined
    ? Object.freeze({ type: field.type, options: Object.freeze(rest) })
    : Object.freeze({ type: field.type, options: Object.freeze(rest), target: field.target });
}
