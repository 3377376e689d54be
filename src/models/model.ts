import type { ModelOptions } from './options.js';

/**
 * The base class of every model. `defineModel` returns a subclass with a static `_meta`; instances are
 * rows. The query layer attaches `objects` and instance behaviour (save, delete…).
 */
export class Model {
  static _meta: ModelOptions;

  constructor(values: Record<string, unknown> = {}) {
    Object.assign(this, values);
  }
}

export type ModelClass = typeof Model & { readonly _meta: ModelOptions };

export function isModelClass(value: unknown): value is ModelClass {
  return typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Model
    && Object.prototype.hasOwnProperty.call(value, '_meta');
}
