import { NodeStateError } from './errors.js';
import { modelKey, type ModelState } from './model-state.js';

/**
 * The state of every model at one point of the migration history, as an immutable value. Each `with*`
 * returns a new ProjectState that shares every untouched ModelState with this one, so replaying 1,000
 * migrations costs a map copy per operation and never a deep copy.
 */
export class ProjectState {
  readonly models: ReadonlyMap<string, ModelState>;
  readonly #cache = new Map<string, unknown>();

  constructor(models: ReadonlyMap<string, ModelState> = new Map()) {
    this.models = models;
    Object.freeze(this);
  }

  static fromModels(models: Iterable<ModelState>): ProjectState {
    const map = new Map<string, ModelState>();
    for (const model of models) map.set(modelKey(model.appLabel, model.name), model);
    return new ProjectState(map);
  }

  hasModel(appLabel: string, name: string): boolean {
    return this.models.has(modelKey(appLabel, name));
  }

  getModel(appLabel: string, name: string): ModelState {
    const model = this.models.get(modelKey(appLabel, name));
    if (!model) throw new NodeStateError(`no model '${name}' in app '${appLabel}' at this point of the migration history`);
    return model;
  }

  /** Adds or replaces a model. */
  withModel(model: ModelState): ProjectState {
    const next = new Map(this.models);
    next.set(modelKey(model.appLabel, model.name), model);
    return new ProjectState(next);
  }

  withoutModel(appLabel: string, name: string): ProjectState {
    const next = new Map(this.models);
    next.delete(modelKey(appLabel, name));
    return new ProjectState(next);
  }

  /** Models of one app, in insertion order. */
  appModels(appLabel: string): ModelState[] {
    return [...this.models.values()].filter((m) => m.appLabel === appLabel);
  }

  /** Memoises a value derived from this (immutable) state, e.g. resolved models for the schema editor. */
  memo<T>(key: string, compute: () => T): T {
    if (this.#cache.has(key)) return this.#cache.get(key) as T;
    const value = compute();
    this.#cache.set(key, value);
    return value;
  }
}
