import { sql, type Expression } from '../db/kysely.js';
import { formatUtcDateTime } from '../db/dialects/shared.js';
import type { FieldType } from '../models/field-types.js';

/**
 * How one backend writes values as SQL literals (Django's `quote_value` after `get_db_prep_value`). DDL
 * cannot carry bound parameters, so defaults and constraint conditions are inlined through these.
 */
export interface LiteralStyle {
  /** MySQL and SQLite store booleans as 1/0 (Django's `quote_value` writes `int(value)`). */
  readonly booleansAsIntegers: boolean;
  /** PostgreSQL has `uuid`; elsewhere a UUID is 32 hex digits (Django's `char(32)`). */
  readonly nativeUuid: boolean;
  /** PostgreSQL has `interval`; elsewhere a duration is a bigint of microseconds (Django's format). */
  readonly nativeInterval: boolean;
  /** A DateTimeField value as the backend stores it (the dialect's `dateTimeToDatabase`). */
  dateTime(value: Date): unknown;
  /** A binary literal (`'\x00ff'::bytea`, `X'00ff'`). */
  bytes(value: Uint8Array): Expression<unknown>;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function isoDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/**
 * The value a field of `type` stores for a JavaScript value (Django's `get_db_prep_save`), as a value that
 * Kysely can inline or bind: booleans, dates, UUIDs, durations and JSON are converted here.
 */
export function prepareValue(style: LiteralStyle, type: FieldType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'BooleanField':
      return style.booleansAsIntegers ? (value ? 1 : 0) : Boolean(value);
    case 'DateTimeField':
      return value instanceof Date ? style.dateTime(value) : value;
    case 'DateField':
      return value instanceof Date ? isoDate(value) : value;
    case 'UUIDField':
      return style.nativeUuid ? String(value) : String(value).replace(/-/g, '').toLowerCase();
    case 'DurationField': {
      // API.md: durations are milliseconds in JavaScript; Django stores microseconds.
      const micros = Math.round(Number(value) * 1000);
      return style.nativeInterval ? `${micros} microseconds` : micros;
    }
    case 'JSONField':
      return JSON.stringify(value);
    default:
      return value;
  }
}

/** A value inlined as an SQL literal for a field of `type` (`sql.lit` with the conversions above). */
export function literal(style: LiteralStyle, type: FieldType, value: unknown): Expression<unknown> {
  const prepared = prepareValue(style, type, value);
  if (prepared instanceof Uint8Array) return style.bytes(prepared);
  if (type === 'DecimalField' && (typeof prepared === 'string' || typeof prepared === 'number')) {
    const text = String(prepared);
    if (!DECIMAL.test(text)) throw new TypeError(`'${text}' is not a decimal number`);
    return sql.raw(text);
  }
  if (prepared instanceof Date) return sql.lit(prepared.toISOString());
  if (typeof prepared === 'number' && !Number.isFinite(prepared)) throw new TypeError(`cannot write ${prepared} as an SQL literal`);
  if (typeof prepared === 'string' || typeof prepared === 'number' || typeof prepared === 'bigint'
    || typeof prepared === 'boolean' || prepared === null) {
    return sql.lit(prepared);
  }
  throw new TypeError(`cannot write a ${typeof prepared} as an SQL literal for a ${type}`);
}

/** `X'00ff'`: the binary literal of MySQL and SQLite. */
export function hexBytes(value: Uint8Array): Expression<unknown> {
  return sql.raw(`X'${Buffer.from(value).toString('hex')}'`);
}

/**
 * How MySQL and SQLite store values Django's way: booleans as 1/0, UUIDs as 32 hex digits, durations as
 * microseconds, datetimes as UTC text, binaries as `X'..'`.
 */
export const TEXTUAL_LITERALS: LiteralStyle = Object.freeze({
  booleansAsIntegers: true,
  nativeUuid: false,
  nativeInterval: false,
  dateTime: formatUtcDateTime,
  bytes: hexBytes,
});
