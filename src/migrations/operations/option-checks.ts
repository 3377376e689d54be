import { OperationOptionsError } from '../errors.js';

/**
 * Checks the options object of an operation written in a migration file: every required key present, no
 * unknown key, strings where names are expected. The loader adds the file to the message.
 */
export function checkOptions(
  type: string,
  options: unknown,
  shape: { required: readonly string[]; optional?: readonly string[]; names?: readonly string[] },
): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new OperationOptionsError(`${type}() takes an options object`);
  }
  const allowed = new Set([...shape.required, ...(shape.optional ?? [])]);
  for (const key of Object.keys(options)) {
    if (!allowed.has(key)) throw new OperationOptionsError(`${type}() has no option '${key}' (it takes ${[...allowed].join(', ')})`);
  }
  for (const key of shape.required) {
    if ((options as Record<string, unknown>)[key] === undefined) throw new OperationOptionsError(`${type}() needs '${key}'`);
  }
  for (const key of shape.names ?? []) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new OperationOptionsError(`${type}(): '${key}' must be a non-empty string`);
    }
  }
}
