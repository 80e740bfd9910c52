/**
 * JSON parsing that keeps integers beyond 2^53 exact.
 *
 * DataWorks task IDs are longs; plain JSON.parse turns 9007199254740993
 * into 9007199254740992. Unsafe integers are kept as their decimal text.
 */
import { isSafeNumber, parse } from 'lossless-json';

function parseNumber(text: string): number | string {
  return isSafeNumber(text) ? Number(text) : text;
}

/** Parse JSON; integers that a double cannot hold come back as strings. */
export function parseLossless(text: string): unknown {
  return parse(text, null, parseNumber);
}

/** A long from a parsed response as an exact decimal string. */
export function longToString(value: unknown): string | null {
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isInteger(value)) {
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  return null;
}
