/**
 * One constraint or index as the database reports it (the part of Django's `get_constraints()` that the
 * schema editor needs to find what it must drop).
 */
export interface LiveConstraint {
  readonly name: string;
  readonly columns: readonly string[];
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly foreignKey: boolean;
  readonly check: boolean;
  readonly index: boolean;
}

export type ConstraintFilter = Partial<Pick<LiveConstraint, 'primaryKey' | 'unique' | 'foreignKey' | 'check' | 'index'>>;

/**
 * Django's `_constraint_names`: the names of the constraints on exactly `columns` that match every flag
 * of `filter`, leaving out `exclude` (the Meta indexes and constraints, which have operations of their own).
 */
export function matchingConstraintNames(
  constraints: readonly LiveConstraint[],
  columns: readonly string[],
  filter: ConstraintFilter,
  exclude: ReadonlySet<string> = new Set(),
): string[] {
  const names: string[] = [];
  for (const constraint of constraints) {
    if (exclude.has(constraint.name)) continue;
    if (constraint.columns.length !== columns.length || constraint.columns.some((c, i) => c !== columns[i])) continue;
    const flags = Object.entries(filter) as Array<[keyof ConstraintFilter, boolean | undefined]>;
    if (flags.every(([flag, wanted]) => wanted === undefined || constraint[flag] === wanted)) names.push(constraint.name);
  }
  return names;
}
