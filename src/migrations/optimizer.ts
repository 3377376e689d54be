import type { Operation } from './operations/operation.js';

/**
 * Django's MigrationOptimizer: shortens a list of operations by letting each operation `reduce` with a
 * later one (CreateModel + AddField → CreateModel, AddField + RemoveField → nothing, …).
 *
 * An operation may only combine with a later one when every operation in between lets it through: an
 * in-between operation whose `reduce(later)` returns `true` does not depend on the later one. This is why
 * `referencesModel`/`referencesField` must err on the side of `true`: a false positive only stops an
 * optimisation, a false negative reorders dependent operations.
 *
 * @example
 * new MigrationOptimizer().optimize([createBook, addIsbn], 'library'); // [CreateModel with isbn]
 */
export class MigrationOptimizer {
  /** How many passes the last `optimize` call took (Django's `_iterations`, for tests). */
  iterations = 0;

  /** Repeats the inner pass until it changes nothing; the operations keep their relative order. */
  optimize(operations: readonly Operation[], appLabel: string): Operation[] {
    this.iterations = 0;
    let current = [...operations];
    for (;;) {
      const result = this.#optimizeInner(current, appLabel);
      this.iterations += 1;
      if (sameOperations(result, current)) return result;
      current = result;
    }
  }

  /**
   * One pass: the first operation that reduces with a later one is replaced, and the pass ends. A reduction
   * "on the right" keeps the result where the later operation was; once some in-between operation refused
   * to let the later one through, the result can only go "on the left", and only if every in-between
   * operation can be moved after it.
   */
  #optimizeInner(operations: readonly Operation[], appLabel: string): Operation[] {
    const result: Operation[] = [];
    for (let i = 0; i < operations.length; i += 1) {
      const operation = operations[i]!;
      let right = true;
      let reduced = false;
      for (let j = i + 1; j < operations.length; j += 1) {
        const other = operations[j]!;
        const outcome = operation.reduce(other, appLabel);
        if (Array.isArray(outcome)) {
          const inBetween = operations.slice(i + 1, j);
          if (right) {
            result.push(...inBetween, ...outcome);
          } else if (inBetween.every((op) => op.reduce(other, appLabel) === true)) {
            result.push(...outcome, ...inBetween);
          } else {
            break;
          }
          result.push(...operations.slice(j + 1));
          reduced = true;
          break;
        }
        if (outcome === false) right = false;
      }
      if (reduced) return result;
      result.push(operation);
    }
    return result;
  }
}

function sameOperations(a: readonly Operation[], b: readonly Operation[]): boolean {
  return a.length === b.length && a.every((op, i) => op === b[i]);
}
