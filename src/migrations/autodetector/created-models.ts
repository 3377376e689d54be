import { ModelDefinitionError } from '../../errors.js';
import { modelKey } from '../../state/model-state.js';
import type { ProjectState } from '../../state/project-state.js';
import { CreateModel } from '../operations/index.js';
import type { DraftMigration } from './migration-list.js';

/**
 * Not in Django: once the optimizer has folded relation fields back into their CreateModel (Django leaves
 * them last), the fields are put back in the model's definition order, so that the table's columns follow
 * models.ts. Field order inside one CreateModel affects nothing else.
 */
export function orderCreatedFields(migrations: Map<string, DraftMigration[]>, to: ProjectState): void {
  for (const [appLabel, list] of migrations) {
    for (const migration of list) {
      migration.operations = migration.operations.map((op) => {
        if (!(op instanceof CreateModel)) return op;
        const model = to.models.get(modelKey(appLabel, op.options.name));
        if (!model) return op;
        const position = new Map(model.fields.map(([name], i) => [name, i]));
        const fields = [...op.options.fields].sort(([a], [b]) => (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity));
        return fields.every((field, i) => field === op.options.fields[i]) ? op : new CreateModel({ ...op.options, fields });
      });
    }
  }
}

/**
 * Django defers `unique_together` and `order_with_respect_to` of a new model to AlterUniqueTogether and
 * AlterOrderWithRespectTo, which wait for the model's relation fields. Until those operations exist they
 * stay in the CreateModel, which is only sound when the fields they name are in it: not so for a foreign key
 * split off into a later AddField by circular dependencies. That case is refused with the way around it.
 *
 * TODO(model options issue): generate AlterUniqueTogether/AlterOrderWithRespectTo instead.
 */
export function checkCreatedOptions(migrations: Map<string, DraftMigration[]>): void {
  for (const [appLabel, list] of migrations) {
    for (const op of list.flatMap((migration) => migration.operations)) {
      if (!(op instanceof CreateModel)) continue;
      const names = new Set(op.options.fields.map(([name]) => name));
      const options = op.options.options ?? {};
      const named = [...(options.uniqueTogether ?? []).flat(), ...(options.orderWithRespectTo ? [options.orderWithRespectTo] : [])];
      const missing = named.find((name) => !names.has(name));
      if (missing === undefined) continue;
      throw new ModelDefinitionError(
        `${appLabel}.${op.options.name}: uniqueTogether or orderWithRespectTo names '${missing}', a relation that circular foreign keys `
        + 'make stratum add after the model, and AlterUniqueTogether/AlterOrderWithRespectTo do not exist yet: '
        + 'use a UniqueConstraint in Meta constraints instead of uniqueTogether, or make the model in two steps',
      );
    }
  }
}
