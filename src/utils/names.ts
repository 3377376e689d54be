import { createHash } from 'node:crypto';

/**
 * Django's column names from camelCase field names: `numAwards` → `num_awards`, `pubDate` → `pub_date`,
 * `HTMLBody` → `html_body`; a name already in snake_case is returned unchanged, so models ported from
 * Django keep Django's exact columns.
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Django's `names_digest`: the first `length` hex digits of md5 over the arguments, concatenated. */
export function namesDigest(parts: readonly string[], length: number): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, length);
}

/**
 * Django's `BaseDatabaseSchemaEditor._create_index_name`, byte for byte, so that stratum's index and
 * constraint names match the ones Django would generate for the same table on the same database.
 */
export function createIndexName(table: string, columns: readonly string[], suffix: string, maxLength: number): string {
  let hashSuffix = `${namesDigest([table, ...columns], 8)}${suffix}`;
  const name = `${table}_${columns.join('_')}_${hashSuffix}`;
  if (name.length <= maxLength) return name;
  if (hashSuffix.length > maxLength / 3) hashSuffix = hashSuffix.slice(0, Math.floor(maxLength / 3));
  const otherLength = Math.floor((maxLength - hashSuffix.length) / 2) - 1;
  let shortened = `${table.slice(0, otherLength)}_${columns.join('_').slice(0, otherLength)}_${hashSuffix}`;
  if (shortened[0] === '_' || /\d/.test(shortened[0]!)) shortened = `D${shortened.slice(0, -1)}`;
  return shortened;
}

/** `sha256` of a text, hex; used for migration checksums and the compiled-module cache. */
export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
