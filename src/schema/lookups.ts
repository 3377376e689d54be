import { sql, type Expression, type SqlBool } from '../db/kysely.js';

/** The backend-specific parts of lookups (Django's `DatabaseOperations.operators` and `pattern_ops`). */
export interface LookupOperators {
  /** `lhs LIKE pattern` for contains/startswith/endswith; `pattern` is already escaped with `\`. */
  patternMatch(lhs: Expression<unknown>, pattern: string, caseSensitive: boolean): Expression<SqlBool>;
  /** Case-insensitive equality with a string. */
  iexact(lhs: Expression<unknown>, value: string): Expression<SqlBool>;
  /** `base ^ exponent` (F('x').pow(2)). */
  power(base: Expression<unknown>, exponent: Expression<unknown>): Expression<unknown>;
}

/** What a lookup needs besides its two sides. */
export interface LookupContext {
  readonly operators: LookupOperators;
  /** The right-hand side as SQL: a literal of the left-hand field's type, or a compiled F() expression. */
  value(value: unknown): Expression<unknown>;
  /** Names the lookup in error messages (`CheckConstraint 'x' on library.Book: pages__gt`). */
  readonly where: string;
}

export type Lookup = (lhs: Expression<unknown>, rhs: unknown, context: LookupContext) => Expression<SqlBool>;

/** Django's `prep_for_like_query`: `%`, `_` and `\` match themselves. */
export function escapeLike(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/%/g, '\\%').replace(/_/g, '\\_');
}

function comparison(operator: '=' | '>' | '>=' | '<' | '<='): Lookup {
  return (lhs, rhs, context) => {
    if (rhs === null || rhs === undefined) throw new TypeError(`${context.where}: cannot compare with null using '${operator}'; use __isnull`);
    return sql<SqlBool>`${lhs} ${sql.raw(operator)} ${context.value(rhs)}`;
  };
}

function requireString(rhs: unknown, context: LookupContext): string {
  if (typeof rhs !== 'string') throw new TypeError(`${context.where}: expects a string`);
  return rhs;
}

function pattern(before: string, after: string, caseSensitive: boolean): Lookup {
  return (lhs, rhs, context) => context.operators.patternMatch(lhs, `${before}${escapeLike(requireString(rhs, context))}${after}`, caseSensitive);
}

const isNull = (lhs: Expression<unknown>) => sql<SqlBool>`${lhs} IS NULL`;

/**
 * Django's built-in lookups that make sense without joins (what constraint conditions may use). The query
 * layer extends this table; each entry turns `lhs` and a right-hand side into a boolean SQL expression.
 */
export const LOOKUPS: Readonly<Record<string, Lookup>> = {
  exact: (lhs, rhs, context) => (rhs === null ? isNull(lhs) : comparison('=')(lhs, rhs, context)),
  iexact: (lhs, rhs, context) => (rhs === null ? isNull(lhs) : context.operators.iexact(lhs, requireString(rhs, context))),
  gt: comparison('>'),
  gte: comparison('>='),
  lt: comparison('<'),
  lte: comparison('<='),
  in: (lhs, rhs, context) => {
    if (!Array.isArray(rhs)) throw new TypeError(`${context.where}: __in expects a list`);
    const values = rhs.filter((v) => v !== null && v !== undefined);
    // Django raises EmptyResultSet for `__in: []`: a condition that nothing satisfies.
    if (values.length === 0) return sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`${lhs} IN (${sql.join(values.map((v) => context.value(v)))})`;
  },
  isnull: (lhs, rhs, context) => {
    if (typeof rhs !== 'boolean') throw new TypeError(`${context.where}: __isnull expects true or false`);
    return rhs ? isNull(lhs) : sql<SqlBool>`${lhs} IS NOT NULL`;
  },
  range: (lhs, rhs, context) => {
    if (!Array.isArray(rhs) || rhs.length !== 2) throw new TypeError(`${context.where}: __range expects [low, high]`);
    return sql<SqlBool>`${lhs} BETWEEN ${context.value(rhs[0])} AND ${context.value(rhs[1])}`;
  },
  contains: pattern('%', '%', true),
  icontains: pattern('%', '%', false),
  startswith: pattern('', '%', true),
  istartswith: pattern('', '%', false),
  endswith: pattern('%', '', true),
  iendswith: pattern('%', '', false),
};
