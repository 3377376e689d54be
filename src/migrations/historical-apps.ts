import type { ProjectState } from '../state/project-state.js';
import { resolveModel, type ResolvedModel } from '../state/resolved-model.js';

/**
 * The `apps` that RunCode receives: the models as they were at that migration, built lazily from the state
 * (only when asked for, so replaying history never renders models).
 */
export class HistoricalApps {
  constructor(readonly state: ProjectState) {}

  /** The historical model `library.Book`: its table, columns and keys at this point of the history. */
  getModel(appLabel: string, modelName: string): ResolvedModel {
    return resolveModel(this.state, appLabel, modelName);
  }
}
