import { sql, type Expression, type SqlBool } from '../db/kysely.js';
import { CombinedExpression, Expression as StratumExpression, FieldRef, type ExpressionLike } from '../query/expressions.js';
import { QNode, type QChild } from '../query/q.js';
import type { FieldType } from '../models/field-types.js';
import type { ResolvedColumn, ResolvedModel } from '../state/resolved-model.js';
import { literal, type LiteralStyle } from './value-literals.js';
import { LOOKUPS, type LookupContext, type LookupOperators } from './lookups.js';

/** A condition that names a field the model lacks, a lookup that does not exist, or needs a join. */
export class ConditionError extends TypeError {}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

/**
 * Compiles a `Q` condition against one model into a Kysely expression whose values are inline literals —
 * what check constraints, conditional unique constraints and partial indexes need, since DDL cannot carry
 * bound parameters. Columns are unqualified, as Django compiles constraint conditions.
 *
 * @example
 * new ConditionCompiler(model, style, operators, "CheckConstraint 'pages_positive'").compile(Q({ pages__gt: 0 }))
 * // "pages" > 0
 */
export class ConditionCompiler {
  constructor(
    readonly model: ResolvedModel,
    readonly style: LiteralStyle,
    readonly operators: LookupOperators,
    readonly where: string,
  ) {}

  compile(condition: QNode): Expression<SqlBool> {
    const parts = condition.children.map((child) => this.#child(child));
    let combined: Expression<SqlBool>;
    if (parts.length === 0) combined = sql<SqlBool>`1 = 1`;
    else if (condition.connector === 'XOR') combined = parts.reduce((a, b) => this.#xor(a, b));
    else combined = parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql.raw(` ${condition.connector} `))})`;
    return condition.negated ? sql<SqlBool>`NOT (${combined})` : combined;
  }

  /** A column of the model by field name, attname (`publisher_id`) or `pk`. */
  column(name: string): ResolvedColumn {
    if (name === 'pk') return this.model.pk;
    const found = this.model.columns.find((c) => c.name === name) ?? this.model.columns.find((c) => c.isReference && c.column === name);
    if (found) return found;
    if (this.model.manyToMany.some((m) => m.name === name)) {
      throw new ConditionError(`${this.where}: '${name}' is a many-to-many field; a condition cannot join tables`);
    }
    const known = this.model.columns.map((c) => c.name).join(', ');
    throw new ConditionError(`${this.where}: ${this.model.name} has no field '${name}' (fields: ${known})`);
  }

  /** A value of an expression position: F('x'), arithmetic on it, or a literal typed like `type`. */
  operand(value: ExpressionLike | unknown, type: FieldType): Expression<unknown> {
    if (value instanceof FieldRef) {
      if (value.name.includes('__')) throw new ConditionError(`${this.where}: F('${value.name}') spans a relation; a condition cannot join tables`);
      return sql.id(this.column(value.name).column);
    }
    if (value instanceof CombinedExpression) {
      const lhs = this.operand(value.lhs, type);
      const rhs = this.operand(value.rhs, type);
      if (value.operator === '^') return this.operators.power(lhs, rhs);
      if (!ARITHMETIC.has(value.operator)) throw new ConditionError(`${this.where}: unknown operator '${value.operator}'`);
      return sql`(${lhs} ${sql.raw(value.operator)} ${rhs})`;
    }
    if (value instanceof StratumExpression) throw new ConditionError(`${this.where}: ${value.kind} cannot be used in a condition`);
    return literal(this.style, type, value);
  }

  #child(child: QChild): Expression<SqlBool> {
    if (child instanceof QNode) return this.compile(child);
    const [key, value] = child;
    const [fieldName, ...rest] = key.split('__');
    const lookupName = rest.length === 0 ? 'exact' : rest.join('__');
    const column = this.column(fieldName!);
    const lookup = LOOKUPS[lookupName];
    if (!lookup) {
      const hint = rest.length > 1 || column.isReference ? ' (a condition cannot follow relations)' : '';
      throw new ConditionError(`${this.where}: unknown lookup '${lookupName}' in '${key}'${hint}; lookups: ${Object.keys(LOOKUPS).join(', ')}`);
    }
    const type = column.dataField.type;
    const context: LookupContext = {
      operators: this.operators,
      value: (v) => this.operand(v, type),
      where: `${this.where}: ${key}`,
    };
    return lookup(sql.id(column.column), value, context);
  }

  #xor(a: Expression<SqlBool>, b: Expression<SqlBool>): Expression<SqlBool> {
    // Portable XOR, as Django builds it for databases without one: (a OR b) AND NOT (a AND b).
    return sql<SqlBool>`((${a} OR ${b}) AND NOT (${a} AND ${b}))`;
  }
}
