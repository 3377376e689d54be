import type { ModelState } from '../../state/model-state.js';
import type { ProjectState } from '../../state/project-state.js';

/** Replaces one model of the state through `change`; fails clearly when the model does not exist. */
export function changeModel(state: ProjectState, appLabel: string, name: string, change: (model: ModelState) => ModelState): ProjectState {
  return state.withModel(change(state.getModel(appLabel, name)));
}
