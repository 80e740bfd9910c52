/**
 * JSON text with exact 64-bit integers.
 *
 * Task and workspace IDs are longs that may exceed 2^53; they are kept as
 * bigint and written as bare digits, never through a JS number.
 */

/** A value that can be written as JSON; bigint becomes an exact integer. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | bigint
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

/** Serialise like JSON.stringify, but bigint values as exact integers. */
export function toJson(value: JsonValue): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;

  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    // Like JSON.stringify: an undefined member is left out.
    if (item === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${toJson(item)}`);
  }
  return `{${parts.join(',')}}`;
}
