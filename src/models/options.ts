import type { Field } from './fields.js';
import type { ConstraintDef, IndexDef } from './indexes.js';

/** Meta options of `defineModel(name, fields, meta)` (API.md §2). */
export interface ModelMeta {
  appLabel?: string;
  dbTable?: string;
  ordering?: readonly string[];
  indexes?: readonly IndexDef[];
  constraints?: readonly ConstraintDef[];
  uniqueTogether?: readonly (readonly string[])[];
  orderWithRespectTo?: string;
  abstract?: boolean;
  managed?: boolean;
  proxy?: boolean;
  getLatestBy?: string | readonly string[];
  defaultRelatedName?: string;
  verboseName?: string;
  verboseNamePlural?: string;
  dbTableComment?: string;
  managers?: Readonly<Record<string, unknown>>;
  extends?: { readonly _meta: ModelOptions };
}

export const META_KEYS: ReadonlySet<string> = new Set([
  'appLabel', 'dbTable', 'ordering', 'indexes', 'constraints', 'uniqueTogether', 'orderWithRespectTo',
  'abstract', 'managed', 'proxy', 'getLatestBy', 'defaultRelatedName', 'verboseName', 'verboseNamePlural',
  'dbTableComment', 'managers', 'extends',
]);

/**
 * A model's `_meta`: its name, app label (assigned when its app is loaded, unless Meta gives one), its
 * fields in declaration order and its Meta. Relation targets are resolved by the registry.
 */
export interface ModelOptions {
  readonly name: string;
  appLabel: string | undefined;
  /** Fields in order, the implicit `id` first when the model declares no primary key. */
  fields: ReadonlyMap<string, Field>;
  readonly meta: Readonly<ModelMeta>;
  /** The file that called defineModel, for error messages. */
  readonly file: string | undefined;
}
