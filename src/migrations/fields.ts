import { SCALAR_FIELD_TYPES, RELATION_FIELD_TYPES, type FieldType } from '../models/field-types.js';
import { makeField, type Field, type FieldOptions } from '../models/fields.js';

type FieldFactories = { readonly [K in FieldType]: (options?: FieldOptions) => Field };

/**
 * The `fields` namespace of migration files. Unlike models, relations carry their target in the options,
 * already resolved: `fields.ForeignKey({ to: 'library.author', onDelete: 'CASCADE' })`.
 */
export const fields: FieldFactories = Object.freeze(
  Object.fromEntries([...SCALAR_FIELD_TYPES, ...RELATION_FIELD_TYPES].map((type) => [type, (options: FieldOptions = {}) => makeField(type, options)])),
) as FieldFactories;
