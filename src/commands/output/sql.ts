import { out } from './colors.js';

interface PrintedStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** The operation the statement belongs to, when the library says. */
  readonly description?: string;
}

/**
 * Django's `sqlmigrate` listing: each operation introduced by a `--\n-- Create model Book\n--` comment,
 * each statement ended by `;`, the whole wrapped in `BEGIN;`/`COMMIT;` when it runs in a transaction.
 * Bound parameters (rare in DDL) follow their statement as a comment, so nothing is hidden.
 */
export function renderSql(statements: readonly PrintedStatement[], transactional: boolean): string[] {
  const lines: string[] = [];
  if (transactional) lines.push(out.bold('BEGIN;'));
  let current: string | undefined;
  for (const statement of statements) {
    if (statement.description !== undefined && statement.description !== current) {
      current = statement.description;
      lines.push(out.dim('--'), out.dim(`-- ${current}`), out.dim('--'));
    }
    const sql = statement.sql.trimEnd();
    // A comment (an operation that cannot be written as SQL) takes no terminator.
    lines.push(sql.startsWith('--') ? out.dim(sql) : `${sql};`);
    if (statement.parameters.length) lines.push(out.dim(`-- parameters: ${JSON.stringify(statement.parameters)}`));
  }
  if (transactional) lines.push(out.bold('COMMIT;'));
  return lines;
}
